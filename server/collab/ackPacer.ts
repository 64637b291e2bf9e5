/**
 * How often a connection is told what is stored. A stored ack only moves the page's "Saved"
 * label, yet sent after every edit it was a socket write per keystroke — as many as the relay
 * itself. So a connection gets at most one ack per `spacingMs`: the first at once, and those
 * asked for within `spacingMs` of the last one together at the next tick of one process-wide
 * timer. An ack is never sent before what it states is stored (the connection asks the document
 * again when its tick comes), and never later than `spacingMs` after that.
 */

/**
 * At most one stored ack per connection this often: "Saved" shows within it of the store. While
 * someone types the label says "Saving…" either way; the spacing decides how soon it turns to
 * "Saved" once they stop. Each ack is a socket write, as costly as relaying an edit to one peer:
 * a typist's acks are one a second, not one every few keystrokes.
 */
export const STORED_ACK_SPACING_MS = 1000;

/** A connection whose ack waits for the next tick. */
export interface PacedAck {
  /** The tick came: send the ack once everything is stored, without waiting for another tick. */
  ackDue(): void;
}

export class AckPacer {
  private readonly due = new Set<PacedAck>();
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly spacingMs: number) {}

  /** Whether an ack last sent at `lastSentAt` (`performance.now()`) lets another go now. */
  mayAckNow(lastSentAt: number): boolean {
    return performance.now() - lastSentAt >= this.spacingMs;
  }

  /** Sends `ack` at the next tick, at most `spacingMs` from now. */
  defer(ack: PacedAck): void {
    this.due.add(ack);
    // Unref'd: an ack never keeps a stopping process alive (a stopping server stores all anyway).
    this.timer ??= setTimeout(this.tick, this.spacingMs).unref();
  }

  /** The connection ended: no ack is owed to it. */
  forget(ack: PacedAck): void {
    this.due.delete(ack);
  }

  private readonly tick = (): void => {
    this.timer = null;
    const due = [...this.due];
    this.due.clear();
    for (const ack of due) ack.ackDue();
  };

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.due.clear();
  }
}
