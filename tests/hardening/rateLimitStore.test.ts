// The rate limiters' store: one count per address in a window shared by all addresses. The HTTP
// behaviour (429s) is in http.test.ts; here, what the window does over time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Options } from 'express-rate-limit';
import { WindowCounts } from '../../server/http/rateLimitStore.js';

const WINDOW_MS = 60_000;

describe('WindowCounts', () => {
  let store: WindowCounts;
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-29T10:00:00Z') });
    store = new WindowCounts();
    store.init({ windowMs: WINDOW_MS } as Options);
  });
  afterEach(() => {
    store.shutdown();
    vi.useRealTimers();
  });

  it('counts per address and reports when the window ends', () => {
    expect(store.increment('10.0.0.1')).toEqual({ totalHits: 1, resetTime: new Date(Date.now() + WINDOW_MS) });
    vi.advanceTimersByTime(10_000);
    expect(store.increment('10.0.0.1').totalHits).toBe(2);
    const other = store.increment('10.0.0.2');
    expect(other.totalHits).toBe(1);
    // One window for everyone: the second address's hits end with the first one's.
    expect(other.resetTime).toEqual(new Date(Date.parse('2026-11-29T10:00:00Z') + WINDOW_MS));
    expect(store.get('10.0.0.1')?.totalHits).toBe(2);
    expect(store.get('10.0.0.3')).toBeUndefined();
  });

  it('forgets every count when the window ends, also with no request to notice it', () => {
    store.increment('10.0.0.1');
    store.increment('10.0.0.1');
    vi.advanceTimersByTime(WINDOW_MS);
    // The window is over, and its expiry timer dropped the counts.
    expect(store.get('10.0.0.1')).toBeUndefined();
    const next = store.increment('10.0.0.1');
    expect(next.totalHits).toBe(1);
    expect(next.resetTime).toEqual(new Date(Date.now() + WINDOW_MS));
  });

  it('takes back a hit that did not count, down to no entry at all', () => {
    store.increment('10.0.0.1');
    store.increment('10.0.0.1');
    store.decrement('10.0.0.1');
    expect(store.get('10.0.0.1')?.totalHits).toBe(1);
    store.decrement('10.0.0.1');
    expect(store.get('10.0.0.1')).toBeUndefined();
    store.decrement('10.0.0.1');
    expect(store.increment('10.0.0.1').totalHits).toBe(1);
  });

  it('resets one address or all of them', () => {
    store.increment('10.0.0.1');
    store.increment('10.0.0.2');
    store.resetKey('10.0.0.1');
    expect(store.get('10.0.0.1')).toBeUndefined();
    expect(store.get('10.0.0.2')?.totalHits).toBe(1);
    store.resetAll();
    expect(store.get('10.0.0.2')).toBeUndefined();
  });
});
