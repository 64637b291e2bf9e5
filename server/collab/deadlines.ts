/**
 * Deadlines of one fixed length for many pending items, on a single timer. Every item gets the
 * same delay, so insertion order is deadline order and only the oldest needs a timer. A burst of
 * a thousand upgrades then costs a thousand map entries instead of a thousand timers created and
 * cleared (measured at about 2% of the CPU of a document connection).
 */
export class Deadlines<T> {
  /** Item → the time it expires, oldest first. */
  private readonly pending = new Map<T, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly delayMs: number,
    private readonly onExpired: (item: T) => void,
  ) {}

  /** Starts the item's deadline; `delete` it when it finished in time. */
  add(item: T): void {
    this.pending.set(item, Date.now() + this.delayMs);
    this.timer ??= this.arm(this.delayMs);
  }

  delete(item: T): void {
    this.pending.delete(item);
  }

  private arm(delayMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => this.expire(), delayMs);
    // A pending deadline alone must not keep a stopping process alive.
    timer.unref();
    return timer;
  }

  private expire(): void {
    this.timer = null;
    const now = Date.now();
    for (const [item, expiresAt] of this.pending) {
      if (expiresAt > now) {
        this.timer = this.arm(expiresAt - now);
        return;
      }
      this.pending.delete(item);
      this.onExpired(item);
    }
  }
}
