/**
 * The embedded store: SQLite through better-sqlite3, in WAL mode.
 *
 * Document updates become durable in the append log, one write per message handled, and reach
 * `doc_update_runs` in bulk, a row per document and second (`updateLog.ts`). With WAL and
 * `synchronous = NORMAL` a committed transaction survives a process crash (`kill -9`); only an OS
 * crash or power loss could lose the last ones before a checkpoint — the append log's guarantee
 * with the default durability (`fsync` durability makes document updates survive those too:
 * `appendLog.ts`, `updateLog.ts`). Checkpoints run on a worker thread
 * (`checkpointer.ts`), so that copying the WAL back never holds up the event loop.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppendLog, type Durability } from './appendLog.js';
import { Checkpointer } from './checkpointer.js';
import { UpdateLog } from './updateLog.js';
import type { Agenda } from '../../shared/agenda.js';
import type { RoomMode } from '../../shared/protocol.js';
import type { Question } from '../../shared/questions.js';
import type { Role, RoomStatus, Seat } from '../../shared/roles.js';
import type { TimerState } from '../../shared/timer.js';
import type {
  InviteRecord,
  NewUpdate,
  ParticipantRecord,
  RoomChanges,
  RoomEvent,
  RoomEventKind,
  RoomFlow,
  RoomRecord,
  Store,
  StoredDoc,
  StoredUpdate,
  UseInviteResult,
} from './types.js';
import { initialFlow } from './types.js';

/** Write-ahead log settings; sizes in 4 KiB frames unless named otherwise. */
export interface WalOptions {
  checkpointEveryMs: number;
  restartFrames: number;
  backstopFrames: number;
  keepBytes: number;
}

export interface SqliteStoreOptions {
  wal?: Partial<WalOptions>;
  /** How long acknowledged updates may wait in the append log before SQLite takes them in bulk. */
  ingestEveryMs?: number;
  /** When a document update counts as stored (`DUET_DURABILITY`, see appendLog.ts); default `process`. */
  durability?: Durability;
}

/**
 * How long a document's updates gather into one run (one row) before SQLite takes them: at 20 edits
 * a second in a room (s2 of the benchmark), a row for 20 updates. Reads and shutdown store
 * everything at once, and a crash replays at most this much from the append log.
 */
const INGEST_EVERY_MS = 1000;
/**
 * Runs per transaction. A run of a second of typing is a few KB — more than half a page — so each
 * costs a page or two of WAL: 32 at a time held the event loop for 1.5–3 ms, the benchmark's p99.
 */
const RUNS_PER_TURN = 8;

const WAL_DEFAULTS: WalOptions = {
  checkpointEveryMs: 1000,
  /** ≈32 MiB: past this, the writer lets the log restart (see `letWalRestart`). */
  restartFrames: 8192,
  /** ≈128 MiB: the writer checkpoints by itself only if the worker has stopped keeping up. */
  backstopFrames: 32768,
  keepBytes: 64 * 1024 * 1024,
};

/**
 * SQLite's own page cache for the writer's connection, in KiB. The default, 2 MB, copies what the
 * OS caches of the file anyway, and Duet reads the store only to load a document: in the
 * benchmark, the default made the process's malloc heap grow 3.7 KB per idle room from 1,500 to
 * 3,000 rooms, 256 KiB 1.5 KB (the reference server, which stores nothing: 1.7 KB), with no change
 * in write or load times (bench/RESULTS.md, round 6).
 */
const PAGE_CACHE_KIB = 256;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  mode TEXT NOT NULL,
  agenda TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  ended_at INTEGER,
  timer TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS invites (
  id TEXT PRIMARY KEY,
  room_id TEXT NOT NULL REFERENCES rooms(id),
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  max_uses INTEGER,
  uses INTEGER NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX IF NOT EXISTS invites_room_role ON invites(room_id, role);
CREATE TABLE IF NOT EXISTS participants (
  id TEXT PRIMARY KEY,
  room_id TEXT NOT NULL REFERENCES rooms(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  color TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS participants_room ON participants(room_id);
CREATE TABLE IF NOT EXISTS room_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  room_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  participant_id TEXT,
  data TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS room_events_room ON room_events(room_id, id);
-- The update log: each row a run of one document's consecutive updates (seq first_seq..last_seq,
-- \`count\` of them; seqs are global, so a run skips other documents' numbers), held as append-log
-- records (seq, time, author, update; see appendLog.ts).
CREATE TABLE IF NOT EXISTS doc_update_runs (
  last_seq INTEGER PRIMARY KEY,
  doc TEXT NOT NULL,
  first_seq INTEGER NOT NULL,
  count INTEGER NOT NULL,
  records BLOB NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS doc_update_runs_doc ON doc_update_runs(doc, last_seq);
CREATE TABLE IF NOT EXISTS doc_snapshots (
  doc TEXT PRIMARY KEY,
  state BLOB NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS questions (
  id TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
`;

/** Columns added after the first release: added in place so existing data directories keep working. */
const ADDED_COLUMNS: { table: string; column: string; ddl: string }[] = [
  { table: 'rooms', column: 'flow', ddl: 'flow TEXT' },
  { table: 'invites', column: 'seat', ddl: 'seat TEXT' },
  { table: 'participants', column: 'seat', ddl: 'seat TEXT' },
];

interface RoomRow {
  id: string;
  title: string;
  mode: string;
  agenda: string;
  status: string;
  created_at: number;
  ended_at: number | null;
  timer: string;
  flow: string | null;
}
interface InviteRow {
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
interface ParticipantRow {
  id: string;
  room_id: string;
  name: string;
  role: string;
  color: string;
  created_at: number;
  seat: string | null;
}
interface EventRow {
  room_id: string;
  at: number;
  kind: string;
  participant_id: string | null;
  data: string | null;
}

const toRoom = (r: RoomRow): RoomRecord => ({
  id: r.id,
  title: r.title,
  mode: r.mode as RoomMode,
  agenda: JSON.parse(r.agenda) as Agenda,
  status: r.status as RoomStatus,
  createdAt: r.created_at,
  endedAt: r.ended_at,
  timer: JSON.parse(r.timer) as TimerState,
  flow: r.flow ? (JSON.parse(r.flow) as RoomFlow) : initialFlow(r.mode as RoomMode),
});
const toInvite = (r: InviteRow): InviteRecord => ({
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
const toParticipant = (r: ParticipantRow): ParticipantRecord => ({
  id: r.id,
  roomId: r.room_id,
  name: r.name,
  role: r.role as Role,
  color: r.color,
  createdAt: r.created_at,
  seat: r.seat as Seat | null,
});

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly updates: UpdateLog;
  private readonly checkpointer: Checkpointer;

  /** The options are for tests that need to see ingestion and checkpoints happen quickly. */
  constructor(file: string, options: SqliteStoreOptions = {}) {
    const wal = { ...WAL_DEFAULTS, ...options.wal };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: commits survive a process crash; fsync happens at checkpoints.
    this.db.pragma('synchronous = NORMAL');
    // The worker checkpoints; the writer's own automatic checkpoint is only the backstop.
    this.db.pragma(`wal_autocheckpoint = ${wal.backstopFrames}`);
    // Once the WAL restarts, a file grown under load is cut back to this size.
    this.db.pragma(`journal_size_limit = ${wal.keepBytes}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    this.db.exec(SCHEMA);
    for (const { table, column, ddl } of ADDED_COLUMNS) {
      const columns = this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      if (!columns.some((c) => c.name === column)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${ddl}`);
    }
    const db = this.db;
    this.stmts = {
      ping: db.prepare('SELECT 1'),
      insertRoom: db.prepare(
        'INSERT INTO rooms (id, title, mode, agenda, status, created_at, ended_at, timer, flow) VALUES (@id, @title, @mode, @agenda, @status, @createdAt, @endedAt, @timer, @flow)',
      ),
      getRoom: db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE id = ?'),
      insertInvite: db.prepare(
        'INSERT INTO invites (id, room_id, role, created_at, expires_at, max_uses, uses, revoked, seat) VALUES (@id, @roomId, @role, @createdAt, @expiresAt, @maxUses, @uses, @revoked, @seat)',
      ),
      getInvite: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE id = ?'),
      useInvite: db.prepare(
        'UPDATE invites SET uses = uses + 1 WHERE id = ? AND revoked = 0 AND (max_uses IS NULL OR uses < max_uses)',
      ),
      revokeInvites: db.prepare('UPDATE invites SET revoked = 1 WHERE room_id = ? AND role = ? AND revoked = 0'),
      insertParticipant: db.prepare(
        'INSERT INTO participants (id, room_id, name, role, color, created_at, seat) VALUES (@id, @roomId, @name, @role, @color, @createdAt, @seat)',
      ),
      getParticipant: db.prepare<[string], ParticipantRow>('SELECT * FROM participants WHERE id = ?'),
      listParticipants: db.prepare<[string], ParticipantRow>(
        'SELECT * FROM participants WHERE room_id = ? ORDER BY created_at, rowid',
      ),
      insertEvent: db.prepare(
        'INSERT INTO room_events (room_id, at, kind, participant_id, data) VALUES (?, ?, ?, ?, ?)',
      ),
      listEvents: db.prepare<[string], EventRow>('SELECT * FROM room_events WHERE room_id = ? ORDER BY id'),
      getSnapshot: db.prepare<[string], { state: Buffer; seq: number }>(
        'SELECT state, seq FROM doc_snapshots WHERE doc = ?',
      ),
      listOpenRooms: db.prepare<[], { id: string }>("SELECT id FROM rooms WHERE status = 'open'"),
      listQuestions: db.prepare<[], { data: string }>('SELECT data FROM questions ORDER BY id'),
      getQuestion: db.prepare<[string], { data: string }>('SELECT data FROM questions WHERE id = ?'),
      saveQuestion: db.prepare(
        'INSERT INTO questions (id, data, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
      ),
      deleteQuestion: db.prepare('DELETE FROM questions WHERE id = ?'),
      saveSnapshot: db.prepare(
        'INSERT INTO doc_snapshots (doc, state, seq, at) VALUES (?, ?, ?, ?) ON CONFLICT(doc) DO UPDATE SET state = excluded.state, seq = excluded.seq, at = excluded.at WHERE excluded.seq > doc_snapshots.seq',
      ),
    };
    this.checkpointer = new Checkpointer({
      file,
      everyMs: wal.checkpointEveryMs,
      restartFrames: wal.restartFrames,
      onBacklog: this.letWalRestart,
      onError: (err) => process.emitWarning(`WAL checkpoints fall back to the writer: ${err.message}`),
    });
    this.updates = new UpdateLog(db, [new AppendLog(`${file}.appendlog.0`), new AppendLog(`${file}.appendlog.1`)], {
      ingestEveryMs: options.ingestEveryMs ?? INGEST_EVERY_MS,
      runsPerTurn: RUNS_PER_TURN,
      durability: options.durability ?? 'process',
    });
  }

  async ping(): Promise<void> {
    this.stmts.ping.get();
  }

  async createRoom(room: RoomRecord): Promise<void> {
    this.stmts.insertRoom.run({
      ...room,
      agenda: JSON.stringify(room.agenda),
      timer: JSON.stringify(room.timer),
      flow: JSON.stringify(room.flow),
    });
  }

  async getRoom(id: string): Promise<RoomRecord | null> {
    const row = this.stmts.getRoom.get(id);
    return row ? toRoom(row) : null;
  }

  async updateRoom(id: string, changes: RoomChanges): Promise<void> {
    const columns: Record<string, unknown> = {};
    if (changes.title !== undefined) columns['title'] = changes.title;
    if (changes.agenda !== undefined) columns['agenda'] = JSON.stringify(changes.agenda);
    if (changes.status !== undefined) columns['status'] = changes.status;
    if (changes.endedAt !== undefined) columns['ended_at'] = changes.endedAt;
    if (changes.timer !== undefined) columns['timer'] = JSON.stringify(changes.timer);
    if (changes.flow !== undefined) columns['flow'] = JSON.stringify(changes.flow);
    const names = Object.keys(columns);
    if (names.length === 0) return;
    // Column names come from the fixed list above, never from input.
    const sql = `UPDATE rooms SET ${names.map((n) => `${n} = @${n}`).join(', ')} WHERE id = @id`;
    this.db.prepare(sql).run({ ...columns, id });
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    this.stmts.insertInvite.run({ ...invite, revoked: invite.revoked ? 1 : 0 });
  }

  async getInvite(id: string): Promise<InviteRecord | null> {
    const row = this.stmts.getInvite.get(id);
    return row ? toInvite(row) : null;
  }

  async useInvite(id: string): Promise<UseInviteResult> {
    if (this.stmts.useInvite.run(id).changes === 1) return 'ok';
    const row = this.stmts.getInvite.get(id);
    if (!row) return 'missing';
    return row.revoked ? 'revoked' : 'exhausted';
  }

  async revokeInvites(roomId: string, role: Role): Promise<number> {
    return this.stmts.revokeInvites.run(roomId, role).changes;
  }

  async createParticipant(p: ParticipantRecord): Promise<void> {
    this.stmts.insertParticipant.run(p);
  }

  async getParticipant(id: string): Promise<ParticipantRecord | null> {
    const row = this.stmts.getParticipant.get(id);
    return row ? toParticipant(row) : null;
  }

  async listParticipants(roomId: string): Promise<ParticipantRecord[]> {
    return this.stmts.listParticipants.all(roomId).map(toParticipant);
  }

  async addEvent(e: RoomEvent): Promise<void> {
    this.stmts.insertEvent.run(e.roomId, e.at, e.kind, e.participantId, e.data ? JSON.stringify(e.data) : null);
  }

  async listEvents(roomId: string): Promise<RoomEvent[]> {
    return this.stmts.listEvents.all(roomId).map((r) => ({
      roomId: r.room_id,
      at: r.at,
      kind: r.kind as RoomEventKind,
      participantId: r.participant_id,
      data: r.data ? (JSON.parse(r.data) as Record<string, unknown>) : null,
    }));
  }

  appendUpdates(doc: string, updates: readonly NewUpdate[]): Promise<number[]> {
    return this.updates.append(doc, updates);
  }

  /**
   * Copies what the worker's last checkpoint could not (frames committed while it ran). With no
   * concurrent writer, this leaves the WAL fully copied, so the next commit restarts it.
   */
  private readonly letWalRestart = (): void => {
    if (this.db.open) this.db.pragma('wal_checkpoint(PASSIVE)');
  };

  async loadDoc(doc: string): Promise<StoredDoc> {
    // Reads see every append made so far.
    this.updates.storeAll();
    // The snapshot and its tail are consistent without a transaction (better-sqlite3 would build a
    // wrapper per call): both reads run back to back on the only connection that writes.
    const snap = this.stmts.getSnapshot.get(doc);
    const snapshotSeq = snap?.seq ?? 0;
    const tail = this.updates.listAfter(doc, snapshotSeq);
    return { snapshot: snap ? new Uint8Array(snap.state) : null, snapshotSeq, tail };
  }

  async saveSnapshot(doc: string, state: Uint8Array, seq: number): Promise<void> {
    this.stmts.saveSnapshot.run(doc, state, seq, Date.now());
  }

  async listUpdates(doc: string, afterSeq = 0): Promise<StoredUpdate[]> {
    this.updates.storeAll();
    return this.updates.listAfter(doc, afterSeq);
  }

  async listOpenRoomIds(): Promise<string[]> {
    return this.stmts.listOpenRooms.all().map((r) => r.id);
  }

  async listQuestions(): Promise<Question[]> {
    return this.stmts.listQuestions.all().map((r) => JSON.parse(r.data) as Question);
  }

  async getQuestion(id: string): Promise<Question | null> {
    const row = this.stmts.getQuestion.get(id);
    return row ? (JSON.parse(row.data) as Question) : null;
  }

  async saveQuestion(question: Question, at: number): Promise<void> {
    this.stmts.saveQuestion.run(question.id, JSON.stringify(question), at);
  }

  async deleteQuestion(id: string): Promise<boolean> {
    return this.stmts.deleteQuestion.run(id).changes === 1;
  }

  async close(): Promise<void> {
    await this.checkpointer.stop();
    if (!this.db.open) return;
    this.updates.close();
    this.db.close();
  }
}
