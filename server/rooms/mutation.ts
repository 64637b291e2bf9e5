/**
 * The one way a room's record changes: under the room's lock, read the room, run a pure step on
 * it, store what the step changed, log its events, announce the difference. The clock, the end,
 * every flow command and the automatic peer swaps all go through `mutate`, so two changes never
 * interleave and lose a write, and each is announced once.
 *
 * A step is a pure function of the room as stored and the time: it may be run again on a fresh
 * read and must then be just as right. Work with effects that the step's outcome depends on goes
 * in `prepare`, which must be idempotent for the same reason (starter code into the pad: the pad's
 * meta marker makes a second run a no-op).
 *
 * The store's room update is a compare-and-set on the room's version: the room lock orders changes
 * within one process, the version across processes sharing a store. A write that lost (another
 * process changed the room since the read) reads the room again and runs prepare and step again.
 */
import type { RoomChanges, RoomEventKind, RoomRecord, Store } from '../store/index.js';
import { DuetError, notFound } from '../errors.js';
import { announce, type Announcer, type Notice, type RoomEmitter } from './announce.js';
import type { KeyedMutex } from './mutex.js';

/** An entry for the room's event log; `by` is the participant, null for the server itself. */
export interface LoggedEvent {
  kind: RoomEventKind;
  by: string | null;
  data: Record<string, unknown> | null;
}

/** What a step decides. Nothing to change (`{}`) stores and announces nothing. */
export interface Step<T> {
  changes: RoomChanges;
  events: LoggedEvent[];
  result: T;
  notices?: Notice[];
}

/** A step; throws a DuetError to refuse (nothing is stored then). */
export type PureStep<T, P = undefined> = (room: RoomRecord, now: number, prepared: P) => Step<T>;

export interface Mutated<T> {
  /** The room as stored after the step. */
  room: RoomRecord;
  result: T;
}

/**
 * How often a change is worked out again after losing the compare-and-set. Each retry starts from
 * the room as it is now; running out means the room is that busy, and the caller is told so.
 */
const WRITE_ATTEMPTS = 5;

export interface RoomMutationsOptions {
  store: Store;
  lock: KeyedMutex;
  events: RoomEmitter;
  now: () => number;
}

export class RoomMutations {
  /** Replaced when several processes share the rooms: they announce in version order (server/scale/roomFeed.ts). */
  announcer: Announcer = announce;

  constructor(private readonly options: RoomMutationsOptions) {}

  async requireRoom(id: string): Promise<RoomRecord> {
    const room = await this.options.store.getRoom(id);
    if (!room) throw notFound('no such room');
    return room;
  }

  /** Without `prepare`, the step's `prepared` is undefined. */
  mutate<T, P = undefined>(roomId: string, step: PureStep<T, P>, prepare?: (room: RoomRecord) => Promise<P>): Promise<Mutated<T>> {
    const { store, lock, events, now } = this.options;
    return lock.run(roomId, async () => {
      for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
        const before = await this.requireRoom(roomId);
        const prepared = prepare ? await prepare(before) : (undefined as P);
        const at = now();
        const { changes, events: logged, result, notices } = step(before, at, prepared);
        const changed = Object.keys(changes).length > 0;
        if (!changed && logged.length === 0) return { room: before, result };
        let room = before;
        if (changed) {
          const stored = await store.updateRoom(roomId, before.version, changes);
          if (stored.status === 'missing') throw notFound('no such room');
          if (stored.status === 'conflict') continue;
          // `before` with the changes, built here so that unchanged parts keep their identity:
          // `announce` tells what changed by comparing them.
          room = { ...before, ...changes, version: stored.room.version };
        }
        for (const e of logged) await store.addEvent({ roomId, at, kind: e.kind, participantId: e.by, data: e.data });
        // `serverNow` as the update leaves: clients count from it, so it must not be stale by the writes.
        this.announcer(events, before, room, now(), notices);
        return { room, result };
      }
      throw new DuetError('conflict', 'the room is changing too fast; try again');
    });
  }

  /**
   * Runs `work` with the room as stored, under its lock, changing nothing: what `work` sends cannot
   * interleave with a change, so "is this socket the interviewer?" stays true while it sends.
   */
  read<T>(roomId: string, work: (room: RoomRecord) => T | Promise<T>): Promise<T> {
    return this.options.lock.run(roomId, async () => work(await this.requireRoom(roomId)));
  }
}
