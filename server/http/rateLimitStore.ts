/**
 * Hit counts for one rate limiter, kept as one small integer per client address.
 *
 * express-rate-limit's own MemoryStore keeps an object and a `Date` per address (about 200 bytes
 * of heap), and an address that created one interview room holds three of them, one per limiter,
 * for ten minutes. Here every address shares one fixed window: it starts with the first hit after
 * the previous window ended, and its end drops all counts at once. Like the MemoryStore's
 * per-address window, it lets at most twice the limit through around a window's end.
 */
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';

export class WindowCounts implements Store {
  /** Counts live in this process only (express-rate-limit checks that no two limiters share one). */
  readonly localKeys = true;
  private windowMs = 60_000;
  private counts = new Map<string, number>();
  private windowEnds = 0;
  private expiry: NodeJS.Timeout | null = null;

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  get(key: string): ClientRateLimitInfo | undefined {
    const hits = this.inWindow() ? this.counts.get(key) : undefined;
    return hits === undefined ? undefined : this.info(hits);
  }

  increment(key: string): ClientRateLimitInfo {
    const counts = this.current();
    const hits = (counts.get(key) ?? 0) + 1;
    counts.set(key, hits);
    return this.info(hits);
  }

  decrement(key: string): void {
    const hits = this.inWindow() ? this.counts.get(key) : undefined;
    if (hits === undefined) return;
    // A count back at zero (a successful request not counted after all) is no entry at all.
    if (hits <= 1) this.counts.delete(key);
    else this.counts.set(key, hits - 1);
  }

  resetKey(key: string): void {
    this.counts.delete(key);
  }

  resetAll(): void {
    this.counts.clear();
  }

  shutdown(): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = null;
    this.counts.clear();
  }

  private info(hits: number): ClientRateLimitInfo {
    return { totalHits: hits, resetTime: new Date(this.windowEnds) };
  }

  private inWindow(): boolean {
    return Date.now() < this.windowEnds;
  }

  /** The counts of the window in progress, starting a new one when the last has ended. */
  private current(): Map<string, number> {
    if (!this.inWindow()) {
      const now = Date.now();
      this.counts = new Map();
      this.windowEnds = now + this.windowMs;
      // Without it, an idle server would keep the last window's counts until its next request.
      if (this.expiry) clearTimeout(this.expiry);
      this.expiry = setTimeout(() => this.counts.clear(), this.windowMs).unref();
    }
    return this.counts;
  }
}
