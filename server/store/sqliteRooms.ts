/**
 * Rooms, invites, participants and room events in SQLite: every statement prepared once, and the
 * steps that must not be seen half done (creating a room, joining one) each one transaction.
 */
import type Database from 'better-sqlite3';
import type { Agenda } from '../../shared/agenda.js';
import type { RoomMode } from '../../shared/protocol.js';
import type { ParticipantStatus } from '../../shared/people.js';
import type { Role, RoomStatus, Seat } from '../../shared/roles.js';
import { normalizeTimer, type TimerState } from '../../shared/timer.js';
import {
  initialFlow,
  type AccessRecord,
  type InviteRecord,
  type Join,
  type JoinResult,
  type NewRoom,
  type ParticipantChanges,
  type ParticipantRecord,
  type RoomChanges,
  type RoomEvent,
  type RoomEventKind,
  type RoomFlow,
  type RoomRecord,
  type UpdateRoomResult,
} from './types.js';

export interface RoomRow {
  id: string;
  title: string;
  mode: string;
  agenda: string;
  status: string;
  created_at: number;
  ended_at: number | null;
  timer: string;
  flow: string | null;
  version: number;
}
export interface InviteRow {
  id: string;
  room_id: string;
  role: string;
  created_at: number;
  expires_at: number;
  max_uses: number | null;
  uses: number;
  revoked: number;
  seat: string | null;
}
export interface ParticipantRow {
  id: string;
  room_id: string;
  name: string;
  role: string;
  color: string;
  created_at: number;
  seat: string | null;
  status: string;
}
export interface EventRow {
  room_id: string;
  at: number;
  kind: string;
  participant_id: string | null;
  data: string | null;
}

/**
 * A room's access fields joined with one participant of it (`LEFT JOIN`: the participant's
 * columns are null when the room has no such participant). The participant's columns keep their
 * own names, so `toParticipant` reads them; the room's are prefixed. SQLite and PostgreSQL alike.
 */
export interface AccessRow extends Omit<ParticipantRow, 'id'> {
  id: string | null;
  room_mode: string;
  room_status: string;
  room_flow: string | null;
}

/** The statement behind `getAccess`, given each backend's placeholders for the two ids. */
export const accessSelect = (participantId: string, roomId: string): string =>
  'SELECT r.mode AS room_mode, r.status AS room_status, r.flow AS room_flow, p.id, p.room_id, p.name, p.role, p.color, p.created_at, p.seat, p.status ' +
  `FROM rooms r LEFT JOIN participants p ON p.id = ${participantId} AND p.room_id = r.id WHERE r.id = ${roomId}`;

/** Records written before a flow field existed read with its default. */
const flowOf = (mode: RoomMode, flow: string | null): RoomFlow => ({ ...initialFlow(mode), ...(flow ? (JSON.parse(flow) as Partial<RoomFlow>) : {}) });

export const toAccess = (roomId: string, r: AccessRow): AccessRecord => ({
  room: { id: roomId, mode: r.room_mode as RoomMode, status: r.room_status as RoomStatus, flow: flowOf(r.room_mode as RoomMode, r.room_flow) },
  participant: r.id === null ? null : toParticipant({ ...r, id: r.id }),
});

export const toRoom = (r: RoomRow): RoomRecord => ({
  id: r.id,
  title: r.title,
  mode: r.mode as RoomMode,
  agenda: JSON.parse(r.agenda) as Agenda,
  status: r.status as RoomStatus,
  createdAt: r.created_at,
  endedAt: r.ended_at,
  // Records written before a field existed read with its default.
  timer: normalizeTimer(JSON.parse(r.timer) as Partial<TimerState>),
  flow: flowOf(r.mode as RoomMode, r.flow),
  version: r.version,
});
export const toInvite = (r: InviteRow): InviteRecord => ({
  id: r.id,
  roomId: r.room_id,
  role: r.role as Role,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  maxUses: r.max_uses,
  uses: r.uses,
  revoked: r.revoked !== 0,
  seat: r.seat as Seat | null,
});
export const toParticipant = (r: ParticipantRow): ParticipantRecord => ({
  id: r.id,
  roomId: r.room_id,
  name: r.name,
  role: r.role as Role,
  color: r.color,
  createdAt: r.created_at,
  seat: r.seat as Seat | null,
  status: r.status as ParticipantStatus,
});
export const toEvent = (r: EventRow): RoomEvent => ({
  roomId: r.room_id,
  at: r.at,
  kind: r.kind as RoomEventKind,
  participantId: r.participant_id,
  data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
});

/** Thrown inside the join transaction to roll back the invite's use; never leaves this module. */
class SeatTaken extends Error {}

/** The one index that makes a participant insert fail as UNIQUE (the id is a PRIMARY KEY). */
const isSeatTaken = (err: unknown): boolean =>
  (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String((err as Error).message).includes('participants.seat');

export class SqliteRooms {
  private readonly stmts;
  private readonly createTx: (room: NewRoom) => RoomRecord;
  private readonly joinTx: (join: Join) => JoinResult;
  private readonly updateParticipantTx: (roomId: string, id: string, changes: ParticipantChanges, event: RoomEvent) => ParticipantRecord | null;

  constructor(db: Database.Database) {
    this.stmts = {
      insertRoom: db.prepare(
        'INSERT INTO rooms (id, title, mode, agenda, status, created_at, ended_at, timer, flow, version) VALUES (@id, @title, @mode, @agenda, @status, @createdAt, @endedAt, @timer, @flow, 1) RETURNING *',
      ),
      getRoom: db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE id = ?'),
      getAccess: db.prepare<[string, string], AccessRow>(accessSelect('?', '?')),
      // Every mutable column in one statement: a column is written when its flag is 1, and only
      // while the version is the one the writer read (the compare-and-set).
      updateRoom: db.prepare(`
        UPDATE rooms SET
          title = CASE WHEN @setTitle = 1 THEN @title ELSE title END,
          agenda = CASE WHEN @setAgenda = 1 THEN @agenda ELSE agenda END,
          status = CASE WHEN @setStatus = 1 THEN @status ELSE status END,
          ended_at = CASE WHEN @setEndedAt = 1 THEN @endedAt ELSE ended_at END,
          timer = CASE WHEN @setTimer = 1 THEN @timer ELSE timer END,
          flow = CASE WHEN @setFlow = 1 THEN @flow ELSE flow END,
          version = version + 1
        WHERE id = @id AND version = @expectedVersion
        RETURNING *`),
      listOpenRooms: db.prepare<[], { id: string }>("SELECT id FROM rooms WHERE status = 'open'"),
      listEndedRooms: db.prepare<[number], { id: string }>("SELECT id FROM rooms WHERE status = 'ended' AND ended_at < ? ORDER BY ended_at"),
      insertInvite: db.prepare(
        'INSERT INTO invites (id, room_id, role, created_at, expires_at, max_uses, uses, revoked, seat) VALUES (@id, @roomId, @role, @createdAt, @expiresAt, @maxUses, @uses, @revoked, @seat)',
      ),
      getInvite: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE id = ?'),
      useInvite: db.prepare(
        'UPDATE invites SET uses = uses + 1 WHERE id = ? AND room_id = ? AND revoked = 0 AND (max_uses IS NULL OR uses < max_uses)',
      ),
      revokeInvites: db.prepare('UPDATE invites SET revoked = 1 WHERE room_id = ? AND role = ? AND revoked = 0'),
      insertParticipant: db.prepare(
        'INSERT INTO participants (id, room_id, name, role, color, created_at, seat, status) VALUES (@id, @roomId, @name, @role, @color, @createdAt, @seat, @status)',
      ),
      updateParticipant: db.prepare<{ id: string; roomId: string; role: string | null; status: string | null }, ParticipantRow>(
        'UPDATE participants SET role = coalesce(@role, role), status = coalesce(@status, status) WHERE id = @id AND room_id = @roomId RETURNING *',
      ),
      getParticipant: db.prepare<[string], ParticipantRow>('SELECT * FROM participants WHERE id = ?'),
      listParticipants: db.prepare<[string], ParticipantRow>('SELECT * FROM participants WHERE room_id = ? ORDER BY created_at, rowid'),
      insertEvent: db.prepare('INSERT INTO room_events (room_id, at, kind, participant_id, data) VALUES (?, ?, ?, ?, ?)'),
      listEvents: db.prepare<[string], EventRow>('SELECT * FROM room_events WHERE room_id = ? ORDER BY id'),
    };
    // Prepared once: better-sqlite3 builds a new wrapper per `transaction()` call.
    this.createTx = db.transaction(({ room, participants, invites, events }: NewRoom) => {
      const row = this.stmts.insertRoom.get({
        ...room,
        agenda: JSON.stringify(room.agenda),
        timer: JSON.stringify(room.timer),
        flow: JSON.stringify(room.flow),
      }) as RoomRow;
      for (const p of participants) this.stmts.insertParticipant.run(p);
      for (const invite of invites) this.createInvite(invite);
      for (const event of events) this.addEvent(event);
      return toRoom(row);
    });
    this.joinTx = db.transaction(({ inviteId, participant, event }: Join): JoinResult => {
      if (this.stmts.useInvite.run(inviteId, participant.roomId).changes !== 1) {
        const invite = this.getInvite(inviteId);
        if (!invite || invite.roomId !== participant.roomId) return { status: 'missing' };
        return { status: invite.revoked ? 'revoked' : 'exhausted' };
      }
      try {
        this.stmts.insertParticipant.run(participant);
      } catch (err) {
        throw isSeatTaken(err) ? new SeatTaken() : err;
      }
      this.addEvent(event);
      return { status: 'joined' };
    });
    this.updateParticipantTx = db.transaction((roomId: string, id: string, changes: ParticipantChanges, event: RoomEvent) => {
      const row = this.stmts.updateParticipant.get({ id, roomId, role: changes.role ?? null, status: changes.status ?? null });
      if (!row) return null;
      this.addEvent(event);
      return toParticipant(row);
    });
  }

  createRoom(room: NewRoom): RoomRecord {
    return this.createTx(room);
  }

  getRoom(id: string): RoomRecord | null {
    const row = this.stmts.getRoom.get(id);
    return row ? toRoom(row) : null;
  }

  getAccess(roomId: string, participantId: string): AccessRecord | null {
    const row = this.stmts.getAccess.get(participantId, roomId);
    return row ? toAccess(roomId, row) : null;
  }

  updateRoom(id: string, expectedVersion: number, changes: RoomChanges): UpdateRoomResult {
    const set = (value: unknown) => (value === undefined ? 0 : 1);
    const row = this.stmts.updateRoom.get({
      id,
      expectedVersion,
      setTitle: set(changes.title),
      title: changes.title ?? null,
      setAgenda: set(changes.agenda),
      agenda: changes.agenda === undefined ? null : JSON.stringify(changes.agenda),
      setStatus: set(changes.status),
      status: changes.status ?? null,
      setEndedAt: set(changes.endedAt),
      endedAt: changes.endedAt ?? null,
      setTimer: set(changes.timer),
      timer: changes.timer === undefined ? null : JSON.stringify(changes.timer),
      setFlow: set(changes.flow),
      flow: changes.flow === undefined ? null : JSON.stringify(changes.flow),
    }) as RoomRow | undefined;
    if (row) return { status: 'updated', room: toRoom(row) };
    const current = this.getRoom(id);
    return current ? { status: 'conflict', current } : { status: 'missing' };
  }

  listOpenRoomIds(): string[] {
    return this.stmts.listOpenRooms.all().map((r) => r.id);
  }

  listEndedRoomIds(before: number): string[] {
    return this.stmts.listEndedRooms.all(before).map((r) => r.id);
  }

  createInvite(invite: InviteRecord): void {
    this.stmts.insertInvite.run({ ...invite, revoked: invite.revoked ? 1 : 0 });
  }

  getInvite(id: string): InviteRecord | null {
    const row = this.stmts.getInvite.get(id);
    return row ? toInvite(row) : null;
  }

  revokeInvites(roomId: string, role: Role): number {
    return this.stmts.revokeInvites.run(roomId, role).changes;
  }

  joinRoom(join: Join): JoinResult {
    try {
      return this.joinTx(join);
    } catch (err) {
      if (err instanceof SeatTaken) return { status: 'seat-taken' };
      throw err;
    }
  }

  getParticipant(id: string): ParticipantRecord | null {
    const row = this.stmts.getParticipant.get(id);
    return row ? toParticipant(row) : null;
  }

  listParticipants(roomId: string): ParticipantRecord[] {
    return this.stmts.listParticipants.all(roomId).map(toParticipant);
  }

  updateParticipant(roomId: string, id: string, changes: ParticipantChanges, event: RoomEvent): ParticipantRecord | null {
    return this.updateParticipantTx(roomId, id, changes, event);
  }

  addEvent(e: RoomEvent): void {
    this.stmts.insertEvent.run(e.roomId, e.at, e.kind, e.participantId, e.data ? JSON.stringify(e.data) : null);
  }

  listEvents(roomId: string): RoomEvent[] {
    return this.stmts.listEvents.all(roomId).map(toEvent);
  }
}
