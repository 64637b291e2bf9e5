/**
 * The store interface: everything Duet keeps. SQLite is the embedded default; a PostgreSQL backend
 * will implement the same interface (and must pass the same contract tests).
 *
 * Document updates form an append-only log — every update with its time and author — kept in full
 * for session replay. Loading uses the latest snapshot plus the log after it, so load time stays
 * bounded however long the log grows.
 */
import type { Agenda } from '../../shared/agenda.js';
import type { RoomMode } from '../../shared/protocol.js';
import type { Role, RoomStatus } from '../../shared/roles.js';
import type { TimerState } from '../../shared/timer.js';

export interface RoomRecord {
  id: string;
  title: string;
  mode: RoomMode;
  agenda: Agenda;
  status: RoomStatus;
  createdAt: number;
  endedAt: number | null;
  timer: TimerState;
}

export type RoomChanges = Partial<Pick<RoomRecord, 'title' | 'agenda' | 'status' | 'endedAt' | 'timer'>>;

export interface InviteRecord {
  id: string;
  roomId: string;
  role: Role;
  createdAt: number;
  expiresAt: number;
  maxUses: number | null;
  uses: number;
  revoked: boolean;
}

export interface ParticipantRecord {
  id: string;
  roomId: string;
  name: string;
  role: Role;
  color: string;
  createdAt: number;
}

export const ROOM_EVENT_KINDS = ['create', 'join', 'leave', 'timer', 'end', 'invite', 'revoke'] as const;
export type RoomEventKind = (typeof ROOM_EVENT_KINDS)[number];

export interface RoomEvent {
  roomId: string;
  at: number;
  kind: RoomEventKind;
  participantId: string | null;
  data: Record<string, unknown> | null;
}

export interface StoredUpdate {
  /** Position in the log, increasing. */
  seq: number;
  update: Uint8Array;
  author: string | null;
  at: number;
}

export interface StoredDoc {
  /** Merged state of every update up to and including `snapshotSeq`; null before the first compaction. */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Updates after the snapshot, in order. */
  tail: StoredUpdate[];
}

export type UseInviteResult = 'ok' | 'missing' | 'revoked' | 'exhausted';

export interface Store {
  /** Resolves when the store answers (health checks). */
  ping(): Promise<void>;

  createRoom(room: RoomRecord): Promise<void>;
  getRoom(id: string): Promise<RoomRecord | null>;
  updateRoom(id: string, changes: RoomChanges): Promise<void>;

  createInvite(invite: InviteRecord): Promise<void>;
  getInvite(id: string): Promise<InviteRecord | null>;
  /** Counts one use, atomically, unless revoked or used up. */
  useInvite(id: string): Promise<UseInviteResult>;
  /** Revokes every invite of that role in the room so far; returns how many. */
  revokeInvites(roomId: string, role: Role): Promise<number>;

  createParticipant(participant: ParticipantRecord): Promise<void>;
  getParticipant(id: string): Promise<ParticipantRecord | null>;
  listParticipants(roomId: string): Promise<ParticipantRecord[]>;

  addEvent(event: RoomEvent): Promise<void>;
  listEvents(roomId: string): Promise<RoomEvent[]>;

  /**
   * Appends one document update to the log and resolves with its sequence number once it is
   * durable: a process crash after the promise resolves loses nothing.
   */
  appendUpdate(doc: string, update: Uint8Array, author: string | null, at: number): Promise<number>;
  loadDoc(doc: string): Promise<StoredDoc>;
  /** Stores a snapshot holding every update up to `seq`; the log itself is kept for replay. */
  saveSnapshot(doc: string, state: Uint8Array, seq: number): Promise<void>;
  /** The full log of a document (replay, reports), oldest first. */
  listUpdates(doc: string, afterSeq?: number): Promise<StoredUpdate[]>;

  close(): Promise<void>;
}
