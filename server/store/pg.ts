/**
 * The PostgreSQL store (`DUET_DATABASE_URL`), for several Duet processes over one database.
 *
 * Every guarantee the contract names holds across processes, because the database enforces it:
 * room updates are a compare-and-set on `version`; creating and joining a room are transactions;
 * a seat's single holder is a unique index.
 *
 * Document updates are rows, numbered per document: one statement bumps the document's head in
 * `doc_heads` and inserts the rows (for every document a process appends to in one event-loop
 * turn at once: pgAppendGroups.ts). The head's row lock is held until that statement commits, so
 * one document's updates commit in the order of their numbers, with no gaps — a process that
 * received update n of a document from another one and has not seen n−1 knows it missed
 * something, and reads it here (`listUpdates(doc, lastSeq)`). An update is acknowledged once its
 * commit returns: with PostgreSQL's default `synchronous_commit = on` it is on disk by then.
 */
import { DOC_NAMES } from '../../shared/roles.js';
import pg from 'pg';
import { redactUrl } from '../redactUrl.js';
import type { Question } from '../../shared/questions.js';
import type { Role } from '../../shared/roles.js';
import { PgAppendGroups } from './pgAppendGroups.js';
import { migratePg } from './pgMigrations.js';
import {
  accessSelect,
  toAccess,
  toEvent,
  toInvite,
  toParticipant,
  toRoom,
  type AccessRow,
  type EventRow,
  type InviteRow,
  type ParticipantRow,
  type RoomRow,
} from './sqliteRooms.js';
import type {
  AccessRecord,
  InviteRecord,
  Join,
  JoinResult,
  NewRoom,
  NewUpdate,
  ParticipantChanges,
  ParticipantRecord,
  RoomChanges,
  RoomEvent,
  RoomRecord,
  Store,
  StoredDoc,
  StoredUpdate,
  UpdateRoomResult,
} from './types.js';

export interface PgStoreOptions {
  /** The schema every table lives in (tests give each store its own); default `public`. */
  schema?: string;
  /** Connections in the pool. */
  maxConnections?: number;
}

const INT8_OID = 20;
/**
 * BIGINT columns hold epoch milliseconds and sequence numbers, all far below 2^53: read as numbers
 * (pg's default is strings, to be safe with larger ones).
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** PostgreSQL's error code for a unique violation. */
const UNIQUE_VIOLATION = '23505';
const isSeatTaken = (err: unknown): boolean =>
  (err as { code?: unknown }).code === UNIQUE_VIOLATION && (err as { constraint?: unknown }).constraint === 'participants_room_seat';

/** A schema name safe to put in a statement as it is. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Thrown when the database cannot be reached at start; names the URL without its password. */
export class DatabaseUnreachableError extends Error {}

const ROOM_COLUMNS = 'id, title, mode, agenda, status, created_at, ended_at, timer, flow, version';
const GET_ACCESS = accessSelect('$2', '$1');

export class PgStore implements Store {
  private closed = false;
  /** Every document's appends, grouped per event-loop turn (pgAppendGroups.ts). */
  private readonly appends: PgAppendGroups;

  private constructor(
    private readonly pool: pg.Pool,
    /** The append groups' own connection: an append never waits in line behind reads. */
    private readonly appendPool: pg.Pool,
    readonly schema: string,
  ) {
    this.appends = new PgAppendGroups(appendPool);
  }

  /** Connects, creates the schema if needed and migrates it; throws `DatabaseUnreachableError`. */
  static async connect(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const schema = options.schema ?? 'public';
    if (!SCHEMA_NAME.test(schema)) throw new Error(`not a valid schema name: ${schema}`);
    const openPool = (max: number) => {
      const pool = new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 5000, options: `-c search_path=${schema}` });
      // An idle connection that breaks (the database restarted) is dropped by the pool, not thrown.
      pool.on('error', () => {});
      return pool;
    };
    const pool = openPool(options.maxConnections ?? 10);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      await pool.end().catch(() => {});
      throw new DatabaseUnreachableError(`cannot reach the database at ${redactUrl(url)}: ${(err as Error).message}`);
    }
    try {
      await migratePg(client, schema);
    } catch (err) {
      client.release();
      await pool.end().catch(() => {});
      throw err;
    }
    client.release();
    return new PgStore(pool, openPool(1), schema);
  }

  /** Runs `fn` in one transaction on one connection; rolls back when it throws. */
  private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (err) {
      // A connection whose rollback failed is broken: it leaves the pool.
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackErr: Error) => client.release(rollbackErr),
      );
      throw err;
    }
  }

  private async rows<R extends pg.QueryResultRow>(text: string, values: unknown[] = [], name?: string): Promise<R[]> {
    return (await this.pool.query<R>(name ? { name, text, values } : { text, values })).rows;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async createRoom({ room, participants, invites, events }: NewRoom): Promise<RoomRecord> {
    return this.transaction(async (c) => {
      const { rows } = await c.query<RoomRow>(
        `INSERT INTO rooms (${ROOM_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING ${ROOM_COLUMNS}`,
        [room.id, room.title, room.mode, JSON.stringify(room.agenda), room.status, room.createdAt, room.endedAt, JSON.stringify(room.timer), JSON.stringify(room.flow)],
      );
      for (const p of participants) await insertParticipant(c, p);
      for (const i of invites) await insertInvite(c, i);
      for (const e of events) await insertEvent(c, e);
      return toRoom(rows[0]!);
    });
  }

  async getRoom(id: string): Promise<RoomRecord | null> {
    const [row] = await this.rows<RoomRow>(`SELECT ${ROOM_COLUMNS} FROM rooms WHERE id = $1`, [id], 'duet_get_room');
    return row ? toRoom(row) : null;
  }

  async getAccess(roomId: string, participantId: string): Promise<AccessRecord | null> {
    const [row] = await this.rows<AccessRow>(GET_ACCESS, [roomId, participantId], 'duet_get_access');
    return row ? toAccess(roomId, row) : null;
  }

  async updateRoom(id: string, expectedVersion: number, changes: RoomChanges): Promise<UpdateRoomResult> {
    // Only the columns named change; the version check and the write are one statement.
    const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));
    const columns: [string, unknown][] = (
      [
        ['title', changes.title],
        ['agenda', json(changes.agenda)],
        ['status', changes.status],
        ['ended_at', changes.endedAt],
        ['timer', json(changes.timer)],
        ['flow', json(changes.flow)],
      ] as [string, unknown][]
    ).filter(([, value]) => value !== undefined);
    const sets = columns.map(([column], i) => `${column} = $${i + 3}`);
    const [row] = await this.rows<RoomRow>(
      `UPDATE rooms SET ${[...sets, 'version = version + 1'].join(', ')} WHERE id = $1 AND version = $2 RETURNING ${ROOM_COLUMNS}`,
      [id, expectedVersion, ...columns.map(([, value]) => value)],
    );
    if (row) return { status: 'updated', room: toRoom(row) };
    const current = await this.getRoom(id);
    return current ? { status: 'conflict', current } : { status: 'missing' };
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    await insertInvite(this.pool, invite);
  }

  async getInvite(id: string): Promise<InviteRecord | null> {
    const [row] = await this.rows<InviteRow>('SELECT * FROM invites WHERE id = $1', [id], 'duet_get_invite');
    return row ? toInvite(row) : null;
  }

  async revokeInvites(roomId: string, role: Role): Promise<number> {
    const result = await this.pool.query('UPDATE invites SET revoked = 1 WHERE room_id = $1 AND role = $2 AND revoked = 0', [roomId, role]);
    return result.rowCount ?? 0;
  }

  async joinRoom({ inviteId, participant, event }: Join): Promise<JoinResult> {
    try {
      return await this.transaction(async (c): Promise<JoinResult> => {
        const used = await c.query(
          'UPDATE invites SET uses = uses + 1 WHERE id = $1 AND room_id = $2 AND revoked = 0 AND (max_uses IS NULL OR uses < max_uses)',
          [inviteId, participant.roomId],
        );
        if (used.rowCount !== 1) {
          const { rows } = await c.query<InviteRow>('SELECT * FROM invites WHERE id = $1', [inviteId]);
          const invite = rows[0] ? toInvite(rows[0]) : null;
          if (!invite || invite.roomId !== participant.roomId) return { status: 'missing' };
          return { status: invite.revoked ? 'revoked' : 'exhausted' };
        }
        await insertParticipant(c, participant);
        await insertEvent(c, event);
        return { status: 'joined' };
      });
    } catch (err) {
      // The insert waited for a concurrent holder's commit and then hit the unique seat: the
      // transaction rolled back, the invite's use with it.
      if (isSeatTaken(err)) return { status: 'seat-taken' };
      throw err;
    }
  }

  async updateParticipant(roomId: string, id: string, changes: ParticipantChanges, event: RoomEvent): Promise<ParticipantRecord | null> {
    return this.transaction(async (c) => {
      const { rows } = await c.query<ParticipantRow>(
        'UPDATE participants SET role = coalesce($3, role), status = coalesce($4, status) WHERE id = $1 AND room_id = $2 RETURNING *',
        [id, roomId, changes.role ?? null, changes.status ?? null],
      );
      if (!rows[0]) return null;
      await insertEvent(c, event);
      return toParticipant(rows[0]);
    });
  }

  async getParticipant(id: string): Promise<ParticipantRecord | null> {
    const [row] = await this.rows<ParticipantRow>('SELECT * FROM participants WHERE id = $1', [id], 'duet_get_participant');
    return row ? toParticipant(row) : null;
  }

  async listParticipants(roomId: string): Promise<ParticipantRecord[]> {
    return (await this.rows<ParticipantRow>('SELECT * FROM participants WHERE room_id = $1 ORDER BY created_at, ord', [roomId])).map(toParticipant);
  }

  async addEvent(event: RoomEvent): Promise<void> {
    await insertEvent(this.pool, event);
  }

  async listEvents(roomId: string): Promise<RoomEvent[]> {
    return (await this.rows<EventRow>('SELECT * FROM room_events WHERE room_id = $1 ORDER BY id', [roomId])).map(toEvent);
  }

  async listOpenRoomIds(): Promise<string[]> {
    return (await this.rows<{ id: string }>("SELECT id FROM rooms WHERE status = 'open'")).map((r) => r.id);
  }

  async listEndedRoomIds(before: number): Promise<string[]> {
    return (await this.rows<{ id: string }>("SELECT id FROM rooms WHERE status = 'ended' AND ended_at < $1 ORDER BY ended_at", [before])).map((r) => r.id);
  }

  /**
   * One transaction. PostgreSQL marks the rows dead; VACUUM (autovacuum) frees their space for
   * reuse but does not overwrite it at once: README's retention section says how to make sure.
   */
  async deleteRoom(id: string): Promise<boolean> {
    const docs = DOC_NAMES.map((name) => `${id}/${name}`);
    return this.transaction(async (c) => {
      await c.query('DELETE FROM doc_updates WHERE doc = ANY($1::text[])', [docs]);
      await c.query('DELETE FROM doc_snapshots WHERE doc = ANY($1::text[])', [docs]);
      await c.query('DELETE FROM doc_heads WHERE doc = ANY($1::text[])', [docs]);
      await c.query('DELETE FROM room_events WHERE room_id = $1', [id]);
      await c.query('DELETE FROM invites WHERE room_id = $1', [id]);
      await c.query('DELETE FROM participants WHERE room_id = $1', [id]);
      return ((await c.query('DELETE FROM rooms WHERE id = $1', [id])).rowCount ?? 0) === 1;
    });
  }

  appendUpdates(doc: string, updates: readonly NewUpdate[]): Promise<number[]> {
    return this.appends.append(doc, updates);
  }

  async loadDoc(doc: string): Promise<StoredDoc> {
    // The snapshot first: updates are only ever added, so the tail read after it is complete.
    const [snap] = await this.rows<{ state: Buffer; seq: number }>('SELECT state, seq FROM doc_snapshots WHERE doc = $1', [doc], 'duet_get_snapshot');
    const snapshotSeq = snap?.seq ?? 0;
    return { snapshot: snap ? new Uint8Array(snap.state) : null, snapshotSeq, tail: await this.listUpdates(doc, snapshotSeq) };
  }

  async saveSnapshot(doc: string, state: Uint8Array, seq: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO doc_snapshots (doc, state, seq, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (doc) DO UPDATE SET state = excluded.state, seq = excluded.seq, at = excluded.at WHERE excluded.seq > doc_snapshots.seq`,
      [doc, Buffer.from(state), seq, Date.now()],
    );
  }

  async listUpdates(doc: string, afterSeq = 0): Promise<StoredUpdate[]> {
    const rows = await this.rows<{ seq: number; data: Buffer; author: string | null; at: number }>(
      'SELECT seq, data, author, at FROM doc_updates WHERE doc = $1 AND seq > $2 ORDER BY seq',
      [doc, afterSeq],
      'duet_list_updates',
    );
    return rows.map((r) => ({ seq: r.seq, update: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength), author: r.author, at: r.at }));
  }

  /** The last number given out for each of `docs` that has any (several processes: catch-up). */
  async docHeads(docs: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.rows<{ doc: string; seq: number }>('SELECT doc, seq FROM doc_heads WHERE doc = ANY($1::text[])', [docs], 'duet_doc_heads');
    return new Map(rows.map((r) => [r.doc, r.seq]));
  }

  async listQuestions(): Promise<Question[]> {
    return (await this.rows<{ data: string }>('SELECT data FROM questions ORDER BY id')).map((r) => JSON.parse(r.data) as Question);
  }

  async getQuestion(id: string): Promise<Question | null> {
    const [row] = await this.rows<{ data: string }>('SELECT data FROM questions WHERE id = $1', [id]);
    return row ? (JSON.parse(row.data) as Question) : null;
  }

  async saveQuestion(question: Question, at: number): Promise<void> {
    await this.pool.query(
      'INSERT INTO questions (id, data, updated_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
      [question.id, JSON.stringify(question), at],
    );
  }

  async deleteQuestion(id: string): Promise<boolean> {
    return (await this.pool.query('DELETE FROM questions WHERE id = $1', [id])).rowCount === 1;
  }

  /**
   * Runs `fn` while holding the session advisory lock `key` on a connection of its own, or returns
   * false at once when another process holds it. Ends when `fn` does; the lock goes with the
   * connection should this process die, so another one can take over.
   */
  async withAdvisoryLock(key: number, fn: () => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
      if (!rows[0]?.locked) return false;
      try {
        await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [key]);
      }
      return true;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pool.end(), this.appendPool.end()]);
  }
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

async function insertParticipant(c: Queryable, p: ParticipantRecord): Promise<void> {
  await c.query('INSERT INTO participants (id, room_id, name, role, color, created_at, seat, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    p.id,
    p.roomId,
    p.name,
    p.role,
    p.color,
    p.createdAt,
    p.seat,
    p.status,
  ]);
}

async function insertInvite(c: Queryable, i: InviteRecord): Promise<void> {
  await c.query(
    'INSERT INTO invites (id, room_id, role, created_at, expires_at, max_uses, uses, revoked, seat) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
    [i.id, i.roomId, i.role, i.createdAt, i.expiresAt, i.maxUses, i.uses, i.revoked ? 1 : 0, i.seat],
  );
}

async function insertEvent(c: Queryable, e: RoomEvent): Promise<void> {
  await c.query('INSERT INTO room_events (room_id, at, kind, participant_id, data) VALUES ($1, $2, $3, $4, $5)', [
    e.roomId,
    e.at,
    e.kind,
    e.participantId,
    e.data ? JSON.stringify(e.data) : null,
  ]);
}
