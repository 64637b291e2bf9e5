/**
 * When a writer is told what is stored. A stored ack only moves the page's "Saved" label for the
 * writer's own edits, and each is a socket write, as costly as relaying an edit to one peer. While
 * someone types, an ack is out of date before it arrives (the label says "Saving…" either way), so
 * a writer's ack waits until their edits pause for `quietMs` — "Saved" shows that long after they
 * stop — or until `maxMs` have passed since their previous ack, so uninterrupted typing is still
 * confirmed now and then, and a lone edit after a while goes at the next tick. One process-wide
 * timer looks at the waiting acks every `tickMs`, only while any wait. An ack is never sent before
 * what it states is stored: a released ack still waits for the store (`DocConnection.allStored`).
 */

/** A connection whose ack waits for a pause in its edits. */
export interface PacedAck {
  /** When (`performance.now()`) it last wrote. */
  readonly lastWriteAt: number;
  /** When its previous ack was sent (-Infinity: never). */
  readonly ackedAt: number;
  /** Its time came: send the ack once everything is stored. */
  ackDue(): void;
}

export interface AckPacing {
  /** "Saved" shows this long after the writer's last edit (plus up to a tick, plus the store). */
  quietMs: number;
  /** While edits keep coming, at most this long between one writer's acks. */
  maxMs: number;
  /** How often waiting acks are looked at. */
  tickMs: number;
}

export const STORED_ACK_PACING: AckPacing = { quietMs: 300, maxMs: 3000, tickMs: 100 };

/** Whether an ack may go now: its writer paused, or its previous ack is old enough. */
export const ackIsDue = (pacing: AckPacing, ack: PacedAck, now: number): boolean =>
  now - ack.lastWriteAt >= pacing.quietMs || now - ack.ackedAt >= pacing.maxMs;

export class AckPacer {
  private readonly waiting = new Set<PacedAck>();
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly pacing: AckPacing) {}

  /** `ack` goes out at the first tick at which it is due. */
  defer(ack: PacedAck): void {
    this.waiting.add(ack);
    // Unref'd: an ack never keeps a stopping process alive (a stopping server stores all anyway).
    this.timer ??= setInterval(this.tick, this.pacing.tickMs).unref();
  }

  /** The connection ended: no ack is owed to it. */
  forget(ack: PacedAck): void {
    this.waiting.delete(ack);
  }

  private readonly tick = (): void => {
    const now = performance.now();
    for (const ack of this.waiting) {
      if (!ackIsDue(this.pacing, ack, now)) continue;
      this.waiting.delete(ack);
      ack.ackDue();
    }
    if (this.waiting.size === 0) this.stopTimer();
  };

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  close(): void {
    this.stopTimer();
    this.waiting.clear();
  }
}
