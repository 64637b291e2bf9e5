/**
 * Idle collection: once the server has been quiet for a while after a busy spell, it runs one full
 * garbage collection, so the host stops paying for the spell's garbage.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_COLLECTION, idleStep, type IdleState } from '../../server/memory/idleCollection.js';
import { startChildServer, tempDir, waitFor, type ChildServer } from '../helpers/server.js';

const MB = 1024 * 1024;
const policy = { ...DEFAULT_IDLE_COLLECTION, quietMs: 8000, minGrowthBytes: 8 * MB };
const start: IdleState = { quietSince: null, heapAfterCollection: 20 * MB };

describe('idle collection policy', () => {
  it('collects only after the loop has been quiet long enough, and only when the heap grew', () => {
    let state = start;
    const at = (now: number, utilization: number, heapBytes: number) => {
      const step = idleStep(state, { now, utilization, heapBytes }, policy);
      state = step.state;
      return step.collect;
    };
    expect(at(0, 0.5, 60 * MB)).toBe(false); // busy
    expect(at(2000, 0.001, 60 * MB)).toBe(false); // quiet from now on
    expect(at(8000, 0.001, 60 * MB)).toBe(false); // 6 s quiet
    expect(at(10_000, 0.001, 60 * MB)).toBe(true); // 8 s quiet, heap 40 MB above the last collection
  });

  it('a busy window restarts the quiet period', () => {
    let state = start;
    const at = (now: number, utilization: number) => {
      const step = idleStep(state, { now, utilization, heapBytes: 60 * MB }, policy);
      state = step.state;
      return step.collect;
    };
    at(0, 0);
    at(6000, 0);
    expect(at(7000, 0.3)).toBe(false);
    expect(at(9000, 0)).toBe(false);
    expect(at(16_000, 0)).toBe(false);
    expect(at(17_000, 0)).toBe(true);
  });

  it('does not collect for a heap that has not grown since the last collection', () => {
    const quiet: IdleState = { quietSince: 0, heapAfterCollection: 50 * MB };
    expect(idleStep(quiet, { now: 60_000, utilization: 0, heapBytes: 50 * MB + 8 * MB - 1 }, policy).collect).toBe(false);
    expect(idleStep(quiet, { now: 60_000, utilization: 0, heapBytes: 58 * MB }, policy).collect).toBe(true);
  });
});

describe('idle collection in the server process', () => {
  const children: ChildServer[] = [];
  afterAll(() => {
    for (const c of children) c.proc.kill('SIGKILL');
  });

  it('after a burst of large request bodies, the quiet server collects and its heap shrinks, then leaves it alone', async () => {
    const server = await startChildServer(tempDir(), { DUET_IDLE_COLLECT_MS: '2000' });
    children.push(server);
    // Each body is parsed into memory before the API answers 404: 40 × ~0.5 MB of strings that
    // only a full collection frees (they are too large for the young generation). Sent four at a
    // time, so that even a slow machine keeps the burst shorter than the quiet period.
    const body = JSON.stringify({ filler: 'x'.repeat(240 * 1024) });
    for (let i = 0; i < 40; i += 4) {
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          const res = await fetch(`${server.url}/api/no-such-route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          expect(res.status).toBe(404);
          await res.arrayBuffer();
        }),
      );
    }
    const collections = () => [...server.output().matchAll(/\{[^\n]*"msg":"quiet: collected garbage"[^\n]*\}/g)].map((m) => JSON.parse(m[0]) as { heapBefore: number; heapAfter: number });
    // What the quiet server's collections freed, however a loaded machine split them up.
    await waitFor(() => collections().reduce((sum, c) => sum + c.heapBefore - c.heapAfter, 0) > 8 * MB, 30_000, 'the burst collected');
    // Still quiet, nothing grew: no further collection, however long it stays quiet.
    const count = collections().length;
    await new Promise((r) => setTimeout(r, 5000));
    expect(collections()).toHaveLength(count);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  }, 90_000);
});
