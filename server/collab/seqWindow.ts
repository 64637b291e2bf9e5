/**
 * Which of a document's updates (numbered 1, 2, 3… per document by the shared store) this process
 * has applied, when several processes write one document: `prefix` is the last number up to which
 * every update is in memory, and updates that arrived ahead of a gap wait here for it to fill.
 * Applying other processes' updates strictly in number order applies them in the order they were
 * committed, which is causal order: a process only ever stores an update after it has every
 * update that one depends on.
 */
export class SeqWindow {
  /** Updates past `prefix`: their bytes when still to apply, null when already in memory (our own). */
  private readonly ahead = new Map<number, Uint8Array | null>();

  constructor(public prefix: number) {}

  /** Our own stored updates: in memory already, nothing to apply. */
  markApplied(seqs: readonly number[]): void {
    for (const seq of seqs) if (seq > this.prefix) this.ahead.set(seq, null);
  }

  /** Another process's update; ignored when known already. */
  offer(seq: number, update: Uint8Array): void {
    if (seq > this.prefix && !this.ahead.has(seq)) this.ahead.set(seq, update);
  }

  /** The updates to apply now, in order, moving `prefix` past everything contiguous. */
  takeReady(): Uint8Array[] {
    const ready: Uint8Array[] = [];
    for (let next = this.ahead.get(this.prefix + 1); next !== undefined; next = this.ahead.get(this.prefix + 1)) {
      this.ahead.delete(++this.prefix);
      if (next) ready.push(next);
    }
    return ready;
  }

  /** True while something arrived past a missing number. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }
}
