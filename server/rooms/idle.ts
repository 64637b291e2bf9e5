/**
 * Ends rooms nobody is connected to. A link that stays open forever is a standing invitation, and
 * an abandoned interview should still end (and record its phases) rather than run on. A room is
 * idle while it has no socket.io and no document connection; it is ended once it has been idle for
 * `idleMs`. Rooms open at start-up count as idle from then on.
 */
export interface IdleRoomsOptions {
  idleMs: number;
  /** Ends the room (the room service's `end`). */
  end: (roomId: string) => Promise<unknown>;
  onError: (roomId: string, err: unknown) => void;
  now: () => number;
}

export class IdleRooms {
  /** Open connections per room (socket.io and documents together). */
  private readonly connections = new Map<string, number>();
  /** Rooms with nobody connected, and since when. */
  private readonly idleSince = new Map<string, number>();
  private sweeper: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly options: IdleRoomsOptions) {
    this.now = options.now;
  }

  /** Starts sweeping; `openRooms` are rooms left open by a previous run. */
  start(openRooms: string[]): void {
    for (const id of openRooms) if (!this.connections.has(id)) this.idleSince.set(id, this.now());
    // Check often enough that a room ends within about a quarter of the idle time after it is due.
    const every = Math.max(10, Math.min(60_000, Math.floor(this.options.idleMs / 4)));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  /** A room was just created: idle until someone connects. */
  created(roomId: string): void {
    if (!this.connections.has(roomId)) this.idleSince.set(roomId, this.now());
  }

  ended(roomId: string): void {
    this.idleSince.delete(roomId);
  }

  /** Rooms with a connection to this process now (several processes share this through Redis). */
  connectedRooms(): IterableIterator<string> {
    return this.connections.keys();
  }

  /** Told of every connection as it comes (several processes: the room is marked active at once). */
  onEnter: ((roomId: string) => void) | null = null;

  enter(roomId: string): void {
    this.onEnter?.(roomId);
    this.connections.set(roomId, (this.connections.get(roomId) ?? 0) + 1);
    this.idleSince.delete(roomId);
  }

  leave(roomId: string): void {
    const count = (this.connections.get(roomId) ?? 1) - 1;
    if (count > 0) {
      this.connections.set(roomId, count);
      return;
    }
    this.connections.delete(roomId);
    this.idleSince.set(roomId, this.now());
  }

  /** Ends every room idle for longer than `idleMs`. Public so tests can sweep on demand. */
  sweep(): void {
    const due = this.now() - this.options.idleMs;
    for (const [roomId, since] of this.idleSince) {
      if (since > due) continue;
      this.idleSince.delete(roomId);
      this.options.end(roomId).catch((err: unknown) => this.options.onError(roomId, err));
    }
  }
}
