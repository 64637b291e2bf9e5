/**
 * The store interface: everything Duet keeps. SQLite is the embedded default; a PostgreSQL backend
 * will implement the same interface (and must pass the same contract tests).
 *
 * Document updates form an append-only log — every update with its time and author — kept in full
 * for session replay. Loading uses the latest snapshot plus the log after it, so load time stays
 * bounded however long the log grows.
 */
import type { PeerState, RevealedQuestion, RoomBase, RoomMode } from '../../shared/protocol.js';
import type { ExportedParticipant } from '../../shared/export.js';
import type { Question } from '../../shared/questions.js';
import type { Role, Seat } from '../../shared/roles.js';
import type { TimerState } from '../../shared/timer.js';

export interface RoomRecord extends RoomBase {
  timer: TimerState;
  flow: RoomFlow;
  /**
   * Owned by the store: 1 when the room is created, one more on every update. A writer passes the
   * version it read to `updateRoom`, which applies the change only if nobody wrote in between.
   */
  version: number;
}

/** The interview flow's state of a room, kept as one record beside the agenda and the clock. */
export interface RoomFlow {
  guaranteeCoding: boolean;
  observersSeeNotes: boolean;
  /** Every phase lasts this many times its planned minutes (`withExtraTime` in agenda.ts). */
  extraTime: number;
  /** Absent in rooms stored before calls existed: no. */
  observersSendMedia?: boolean;
  /** Absent in rooms stored before runs existed: yes. */
  candidatesRun?: boolean;
  /** Absent: `RUN_LIMITS.timeLimitSec.default`. */
  runTimeLimitSec?: number;
  /** Absent: off. Candidates and observers who join wait for an interviewer to admit them. */
  waitingRoom?: boolean;
  /** Absent: unlocked. The pad and board are read-only for candidates while locked. */
  padLocked?: boolean;
  revealed: RevealedQuestion[];
  peer: PeerState | null;
}

export const initialFlow = (mode: RoomMode): RoomFlow => ({
  guaranteeCoding: false,
  observersSeeNotes: false,
  extraTime: 1,
  observersSendMedia: false,
  revealed: [],
  peer: mode === 'peer' ? { interviewerSeat: 'a', swaps: 0, lastSwapAt: null, sharedFeedback: [] } : null,
});

/**
 * What decides who may open a room's documents and how (`policyRoom` in server/rooms/views.ts):
 * the room without its title, agenda and clock, which no access decision reads.
 */
export type RoomAccess = Pick<RoomRecord, 'id' | 'mode' | 'status' | 'flow'>;

/** A room's access fields and one of its participants, as `Store.getAccess` reads them. */
export interface AccessRecord {
  room: RoomAccess;
  /** Null when there is no such participant in this room (none at all, or one of another room). */
  participant: ParticipantRecord | null;
}

export type RoomChanges = Partial<Pick<RoomRecord, 'title' | 'agenda' | 'status' | 'endedAt' | 'timer' | 'flow'>>;

export interface InviteRecord {
  id: string;
  roomId: string;
  role: Role;
  createdAt: number;
  expiresAt: number;
  maxUses: number | null;
  uses: number;
  revoked: boolean;
  /** Peer rooms: the seat this invite fills. */
  seat: Seat | null;
}

export interface ParticipantRecord extends ExportedParticipant {
  roomId: string;
}

/** What an interviewer may change of a participant. */
export type ParticipantChanges = Partial<Pick<ParticipantRecord, 'role' | 'status'>>;

/**
 * `paste` and `focus` are the candidate's integrity signals (shared/replay.ts); `run` a finished
 * code run (its `RunRecord` as data), `run-clear` an interviewer clearing the console; `knock` someone
 * arriving in the waiting room, `admit`/`deny`/`remove`/`role` an interviewer acting on a person
 * (`data.participantId` is whom), `lock` the pad locked or unlocked, `follow` "everyone follow me".
 */
export const ROOM_EVENT_KINDS = ['create', 'join', 'leave', 'timer', 'end', 'invite', 'revoke', 'agenda', 'settings', 'reveal', 'swap', 'share', 'paste', 'focus', 'run', 'run-clear', 'knock', 'admit', 'deny', 'remove', 'role', 'lock', 'follow'] as const;
export type RoomEventKind = (typeof ROOM_EVENT_KINDS)[number];

export interface RoomEvent {
  roomId: string;
  at: number;
  kind: RoomEventKind;
  participantId: string | null;
  data: Record<string, unknown> | null;
}

/** A document update on its way into the log. */
export interface NewUpdate {
  update: Uint8Array;
  author: string | null;
  at: number;
}

/** Told once whether an append is durable: its sequence numbers, or why it failed. */
export type AppendDone = (err: Error | null, seqs: number[]) => void;

export interface StoredUpdate extends NewUpdate {
  /** Position in the log, increasing. */
  seq: number;
}

export interface StoredDoc {
  /** Merged state of every update up to and including `snapshotSeq`; null before the first compaction. */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Updates after the snapshot, in order. */
  tail: StoredUpdate[];
}

/** A room as it is first stored, with everything that exists from its first moment. */
export interface NewRoom {
  room: Omit<RoomRecord, 'version'>;
  /** The host; a peer room's host holds seat A. */
  participants: ParticipantRecord[];
  invites: InviteRecord[];
  /** The 'create' event. */
  events: RoomEvent[];
}

/**
 * The result of a compare-and-set: `conflict` when the room's version is no longer the one the
 * writer read (nothing was written; `current` is the room as stored now, to re-apply the change to).
 */
export type UpdateRoomResult =
  | { status: 'updated'; room: RoomRecord }
  | { status: 'conflict'; current: RoomRecord }
  | { status: 'missing' };

/** Someone joining a room through an invite: stored together, or not at all. */
export interface Join {
  inviteId: string;
  /** Its `roomId` must be the invite's room; its `seat` the invite's seat. */
  participant: ParticipantRecord;
  /** The 'join' event. */
  event: RoomEvent;
}

/**
 * `missing`: no such invite in that room; `revoked`/`exhausted`: the invite can no longer be used;
 * `seat-taken`: someone already holds the participant's seat in that room. Only `joined` wrote
 * anything.
 */
export type JoinResult = { status: 'joined' } | { status: 'missing' | 'revoked' | 'exhausted' | 'seat-taken' };

export interface Store {
  /** Resolves when the store answers (health checks). */
  ping(): Promise<void>;

  /**
   * Stores a room with its participants, invites and events in one transaction, at version 1, and
   * returns it; if any part fails (a duplicate id, a seat held twice) nothing is stored.
   */
  createRoom(room: NewRoom): Promise<RoomRecord>;
  getRoom(id: string): Promise<RoomRecord | null>;
  /**
   * The room's access fields with one participant of it, in one read: what every document
   * connection is checked against (a class opening its pads at once is a thousand of these).
   * Null when there is no such room.
   */
  getAccess(roomId: string, participantId: string): Promise<AccessRecord | null>;
  /**
   * Compare-and-set: applies `changes` only while the stored version is `expectedVersion`, and
   * returns the room at its next version. Several processes may write one room; none of them
   * loses another's update, because the one that read an old version gets `conflict` instead.
   */
  updateRoom(id: string, expectedVersion: number, changes: RoomChanges): Promise<UpdateRoomResult>;

  createInvite(invite: InviteRecord): Promise<void>;
  getInvite(id: string): Promise<InviteRecord | null>;
  /** Revokes every invite of that role in the room so far; returns how many. */
  revokeInvites(roomId: string, role: Role): Promise<number>;

  /**
   * In one transaction: counts a use of the invite (unless revoked or used up), adds the
   * participant and logs the event. A seat is held by one participant per room, enforced by the
   * store itself (so two processes cannot both seat someone in it); participants without a seat
   * are not limited.
   */
  joinRoom(join: Join): Promise<JoinResult>;
  getParticipant(id: string): Promise<ParticipantRecord | null>;
  listParticipants(roomId: string): Promise<ParticipantRecord[]>;
  /**
   * Changes a participant's role or status and logs the event, in one transaction; returns the
   * participant as stored now, or null (nothing written) when there is no such participant in that room.
   */
  updateParticipant(roomId: string, id: string, changes: ParticipantChanges, event: RoomEvent): Promise<ParticipantRecord | null>;

  addEvent(event: RoomEvent): Promise<void>;
  listEvents(roomId: string): Promise<RoomEvent[]>;

  /**
   * Appends a document's updates to the log, in order, and resolves with their sequence numbers
   * once all of them are durable: a process crash after the promise resolves loses nothing. One
   * call per batch, not per update: a busy server appends thousands a second.
   */
  appendUpdates(doc: string, updates: readonly NewUpdate[]): Promise<number[]>;
  /**
   * `appendUpdates` with a callback instead of a promise: `done` is called once, never before this
   * returns, with the sequence numbers once all the updates are durable, or with the error. A store
   * that writes appends in batches of its own (the embedded one) offers it, so relaying each
   * keystroke after its append costs no promise and no microtask on the way.
   */
  appendUpdatesThen?(doc: string, updates: readonly NewUpdate[], done: AppendDone): void;
  loadDoc(doc: string): Promise<StoredDoc>;
  /** Stores a snapshot holding every update up to `seq`; the log itself is kept for replay. */
  saveSnapshot(doc: string, state: Uint8Array, seq: number): Promise<void>;
  /** The full log of a document (replay, reports), oldest first. */
  listUpdates(doc: string, afterSeq?: number): Promise<StoredUpdate[]>;

  /** Ids of rooms not yet ended (the idle sweeper watches them after a restart). */
  listOpenRoomIds(): Promise<string[]>;
  /** Ids of rooms that ended before `before` (ms since the epoch): retention's candidates. */
  listEndedRoomIds(before: number): Promise<string[]>;
  /**
   * Erases a room completely, in one transaction: the room, its invites, participants and events,
   * and every document of it (snapshot and update log). Erased means gone from the files too: no
   * stale copy in free pages, a write-ahead log or an append log (SQLite), as far as the backend
   * can promise it (PostgreSQL: see README). Returns false when there was no such room.
   */
  deleteRoom(id: string): Promise<boolean>;

  /** The server's own (custom) questions; built-ins live in code. */
  listQuestions(): Promise<Question[]>;
  getQuestion(id: string): Promise<Question | null>;
  /** Inserts or replaces by id. */
  saveQuestion(question: Question, at: number): Promise<void>;
  /** Returns false when there was no such question. */
  deleteQuestion(id: string): Promise<boolean>;

  close(): Promise<void>;
}
