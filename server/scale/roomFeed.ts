/**
 * Room changes on every process, in version order.
 *
 * A change stored by one process (a compare-and-set from version v−1 to v) is sent to the others
 * and announced on each of them — and on its own process — only once version v−1 has been
 * announced there. So every process announces a room's changes in the same order, the order the
 * store took them, and every socket on every process sees the same sequence of clock states even
 * when two processes take commands for one room at the same moment. A version that never arrives
 * (its process died between storing and sending) is waited for briefly and then skipped; the
 * periodic check announces whatever the store holds past the last version announced.
 */
import type { Logger } from 'pino';
import { announce, type Notice, type RoomEmitter } from '../rooms/announce.js';
import type { RoomRecord, Store } from '../store/index.js';

/** One stored change of a room, as it travels between processes (JSON). */
export interface RoomChange {
  before: RoomRecord;
  room: RoomRecord;
  serverNow: number;
  notices: Notice[];
}

interface RoomState {
  /** The room as last announced here. */
  room: RoomRecord;
  /** Changes that arrived ahead of a missing version. */
  ahead: Map<number, RoomChange>;
  gapTimer: NodeJS.Timeout | null;
  /** When a change of this room was last seen (rooms quiet for long are forgotten). */
  seenAt: number;
}

export interface RoomFeedOptions {
  events: RoomEmitter;
  store: Store;
  log: Logger;
  /** Sends a change of this process to the other processes. */
  send: (change: RoomChange) => void;
  /** How long to wait for a missing version before going on without it. */
  gapWaitMs: number;
}

/** Rooms not changed for this long are forgotten (a later change starts them afresh). */
const FORGET_AFTER_MS = 30 * 60_000;

/**
 * Parts of `room` equal to those of `before` become the very same objects: `announce` tells what
 * changed by identity, and a change that went through JSON has new objects everywhere.
 */
function sharing(before: RoomRecord, room: RoomRecord): RoomRecord {
  const out: Record<string, unknown> = { ...room };
  for (const key of Object.keys(out)) {
    const previous = (before as unknown as Record<string, unknown>)[key];
    if (JSON.stringify(previous) === JSON.stringify(out[key])) out[key] = previous;
  }
  return out as unknown as RoomRecord;
}

export class RoomFeed {
  private readonly rooms = new Map<string, RoomState>();

  constructor(private readonly options: RoomFeedOptions) {}

  /** The announcer of this process's own changes (`RoomService.joinCluster`). */
  readonly announcer = (_events: RoomEmitter, before: RoomRecord, room: RoomRecord, serverNow: number, notices: readonly Notice[] = []): void => {
    // Only logged events, nothing stored on the room: nothing to announce anywhere.
    if (room.version === before.version) return;
    const change: RoomChange = { before, room, serverNow, notices: [...notices] };
    this.options.send(change);
    this.deliver(change);
  };

  /** A change another process stored. */
  received(change: RoomChange): void {
    const before = change.before;
    this.deliver({ ...change, room: sharing(before, change.room) });
  }

  private deliver(change: RoomChange): void {
    const id = change.room.id;
    let state = this.rooms.get(id);
    if (!state) {
      // The first change seen here: nothing before it to wait for.
      state = { room: change.before, ahead: new Map(), gapTimer: null, seenAt: Date.now() };
      this.rooms.set(id, state);
    }
    state.seenAt = Date.now();
    const version = change.room.version;
    if (version <= state.room.version) return;
    state.ahead.set(version, change);
    this.drain(state);
    if (state.ahead.size > 0 && !state.gapTimer) {
      state.gapTimer = setTimeout(() => this.skipGap(id), this.options.gapWaitMs);
      state.gapTimer.unref();
    }
  }

  /** Announces every change that follows the last one announced, in order. */
  private drain(state: RoomState): void {
    for (let next = state.ahead.get(state.room.version + 1); next; next = state.ahead.get(state.room.version + 1)) {
      state.ahead.delete(next.room.version);
      const before = state.room;
      const room = sharing(before, next.room);
      state.room = room;
      announce(this.options.events, before, room, next.serverNow, next.notices);
    }
    if (state.ahead.size === 0 && state.gapTimer) {
      clearTimeout(state.gapTimer);
      state.gapTimer = null;
    }
  }

  /** A version never came: go on from the next one that did. */
  private skipGap(id: string): void {
    const state = this.rooms.get(id);
    if (!state) return;
    state.gapTimer = null;
    if (state.ahead.size === 0) return;
    const first = Math.min(...state.ahead.keys());
    this.options.log.warn({ room: id, missing: state.room.version + 1, next: first }, 'a room change never arrived; going on without it');
    state.room = { ...state.room, version: first - 1 };
    this.drain(state);
  }

  /**
   * A room whose first socket on this process just joined: followed from the version the store
   * holds now, so that `check` also covers a room none of whose changes reached this process yet
   * (the first one after a Redis outage may be lost: the socket.io adapter reads its stream from
   * "now" again when it reconnects).
   */
  async watch(id: string): Promise<void> {
    if (this.rooms.has(id)) return;
    const stored = await this.options.store.getRoom(id).catch(() => null);
    if (!stored || this.rooms.has(id)) return;
    this.rooms.set(id, { room: stored, ahead: new Map(), gapTimer: null, seenAt: Date.now() });
  }

  /**
   * Announces what the store holds past what was announced here (a change whose message was
   * lost with nothing after it), and forgets rooms quiet for long unless sockets here are in them.
   */
  async check(connected: ReadonlySet<string> = new Set()): Promise<void> {
    const now = Date.now();
    for (const [id, state] of this.rooms) {
      if (connected.has(id) && state.room.status !== 'ended') state.seenAt = now;
      if (now - state.seenAt > FORGET_AFTER_MS || (state.room.status === 'ended' && state.ahead.size === 0)) {
        if (state.gapTimer) clearTimeout(state.gapTimer);
        this.rooms.delete(id);
        continue;
      }
      if (state.ahead.size > 0) continue;
      const stored = await this.options.store.getRoom(id).catch(() => null);
      if (!stored || stored.version <= state.room.version || state.ahead.size > 0) continue;
      const before = state.room;
      state.room = sharing(before, stored);
      announce(this.options.events, before, state.room, now);
    }
  }

  close(): void {
    for (const state of this.rooms.values()) if (state.gapTimer) clearTimeout(state.gapTimer);
    this.rooms.clear();
  }
}
