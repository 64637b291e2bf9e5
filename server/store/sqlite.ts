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
import { DataDirLock } from './dataDirLock.js';
import { migrate } from './sqliteMigrations.js';
import { SqliteRooms } from './sqliteRooms.js';
import type { Question } from '../../shared/questions.js';
import { DOC_NAMES } from '../../shared/roles.js';
import type { Role } from '../../shared/roles.js';
import type {
  AccessRecord,
  AppendDone,
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
  /** The lock on the data directory the file is in, released once the store is closed. */
  lock?: DataDirLock;
  /** When a document update counts as stored (`DUET_DURABILITY`, see appendLog.ts); default `process`. */
  durability?: Durability;
}

/** The database file in a data directory. */
export const DATABASE_FILE = 'duet.sqlite';

/**
 * How long a document's updates gather into one run (one row) before SQLite takes them: a row per
 * document and five seconds rather than per keystroke. Rows, transactions and WAL pages cost per
 * row, not per byte (and are checkpointed again): taken every second, ingestion was a seventh of
 * the event loop's JavaScript time at 2,000 edits a second (s2-edits, profiled). Reads take what
 * SQLite does not hold yet from the append log, shutdown stores everything, and a crash replays at
 * most this much from the append log.
 */
const INGEST_EVERY_MS = 5000;
/**
 * Runs per transaction. A run of five seconds of typing is several KB — a page or two — so each
 * costs a few pages of WAL; a small batch per turn keeps one transaction from holding the event
 * loop long enough to show in edit latency.
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
 * OS caches of the file anyway, and Duet reads the store only to load a document; a larger cache
 * grows the process's native memory with the number of rooms and buys no faster writes or loads
 * (measured in bench/RESULTS-archive.md, round 6).
 */
const PAGE_CACHE_KIB = 256;

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly eraseRoom: (id: string) => boolean;
  private readonly rooms: SqliteRooms;
  private readonly updates: UpdateLog;
  private readonly checkpointer: Checkpointer;
  private readonly lock: DataDirLock | undefined;

  /**
   * The store of a data directory, the way a server opens it: the directory is locked first
   * (`dataDirLock.ts`), before anything in it is read, so that a second process refuses to start
   * instead of truncating this one's append log. Throws `DataDirLockedError` when it is held.
   */
  static openDataDir(dataDir: string, options: Omit<SqliteStoreOptions, 'lock'> = {}): SqliteStore {
    const lock = DataDirLock.acquire(dataDir);
    try {
      return new SqliteStore(path.join(dataDir, DATABASE_FILE), { ...options, lock });
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /**
   * Opens (and migrates) the database in `file`. Without `lock`, the caller makes sure no other
   * store has the file open: the append log beside it is emptied at start. The other options are
   * for tests that need to see ingestion and checkpoints happen quickly.
   */
  constructor(file: string, options: SqliteStoreOptions = {}) {
    const wal = { ...WAL_DEFAULTS, ...options.wal };
    this.lock = options.lock;
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
    migrate(this.db, file);
    const db = this.db;
    this.rooms = new SqliteRooms(db);
    this.stmts = {
      ping: db.prepare('SELECT 1'),
      getSnapshot: db.prepare<[string], { state: Buffer; seq: number }>('SELECT state, seq FROM doc_snapshots WHERE doc = ?'),
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
    const erase = {
      runs: db.prepare('DELETE FROM doc_update_runs WHERE doc = ?'),
      snapshot: db.prepare('DELETE FROM doc_snapshots WHERE doc = ?'),
      events: db.prepare('DELETE FROM room_events WHERE room_id = ?'),
      invites: db.prepare('DELETE FROM invites WHERE room_id = ?'),
      participants: db.prepare('DELETE FROM participants WHERE room_id = ?'),
      room: db.prepare('DELETE FROM rooms WHERE id = ?'),
    };
    this.eraseRoom = db.transaction((id: string): boolean => {
      for (const name of DOC_NAMES) {
        erase.runs.run(`${id}/${name}`);
        erase.snapshot.run(`${id}/${name}`);
      }
      erase.events.run(id);
      erase.invites.run(id);
      erase.participants.run(id);
      return erase.room.run(id).changes === 1;
    });
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

  async createRoom(room: NewRoom): Promise<RoomRecord> {
    return this.rooms.createRoom(room);
  }

  async getRoom(id: string): Promise<RoomRecord | null> {
    return this.rooms.getRoom(id);
  }

  async getAccess(roomId: string, participantId: string): Promise<AccessRecord | null> {
    return this.rooms.getAccess(roomId, participantId);
  }

  async updateRoom(id: string, expectedVersion: number, changes: RoomChanges): Promise<UpdateRoomResult> {
    return this.rooms.updateRoom(id, expectedVersion, changes);
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    this.rooms.createInvite(invite);
  }

  async getInvite(id: string): Promise<InviteRecord | null> {
    return this.rooms.getInvite(id);
  }

  async revokeInvites(roomId: string, role: Role): Promise<number> {
    return this.rooms.revokeInvites(roomId, role);
  }

  async joinRoom(join: Join): Promise<JoinResult> {
    return this.rooms.joinRoom(join);
  }

  async getParticipant(id: string): Promise<ParticipantRecord | null> {
    return this.rooms.getParticipant(id);
  }

  async listParticipants(roomId: string): Promise<ParticipantRecord[]> {
    return this.rooms.listParticipants(roomId);
  }

  async updateParticipant(roomId: string, id: string, changes: ParticipantChanges, event: RoomEvent): Promise<ParticipantRecord | null> {
    return this.rooms.updateParticipant(roomId, id, changes, event);
  }

  async addEvent(e: RoomEvent): Promise<void> {
    this.rooms.addEvent(e);
  }

  async listEvents(roomId: string): Promise<RoomEvent[]> {
    return this.rooms.listEvents(roomId);
  }

  async listOpenRoomIds(): Promise<string[]> {
    return this.rooms.listOpenRoomIds();
  }

  async listEndedRoomIds(before: number): Promise<string[]> {
    return this.rooms.listEndedRoomIds(before);
  }

  /**
   * The room's rows go in one transaction, after everything in the append logs has moved into
   * SQLite (which empties those files). Deleted rows would still sit in the file: in free pages,
   * and in pages freed earlier (a snapshot replaced by a newer one leaves the old one's pages
   * behind, unzeroed). `VACUUM` rewrites the database without any of them, and the WAL, which
   * holds older versions of pages, is then copied back and truncated to nothing. VACUUM holds
   * the event loop for as long as it takes to rewrite the file (about a second per 100 MB);
   * deletions are rare (a person's request, or retention), and zeroing every freed page as it is
   * freed (`secure_delete`) instead made the WAL outgrow its checkpoints under load.
   */
  async deleteRoom(id: string): Promise<boolean> {
    this.updates.storeAll();
    const deleted = this.eraseRoom(id);
    if (deleted) {
      this.db.exec('VACUUM');
      this.truncateWal();
    }
    return deleted;
  }

  /** Copies the whole WAL into the database and cuts it to zero bytes; retried while the checkpoint worker is busy. */
  private truncateWal(): void {
    for (let attempt = 0; attempt < 20; attempt++) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result?.busy === 0) return;
    }
    throw new Error('the write-ahead log could not be truncated after a deletion (a reader kept it busy); it will be on the next deletion');
  }

  appendUpdates(doc: string, updates: readonly NewUpdate[]): Promise<number[]> {
    return this.updates.append(doc, updates);
  }

  appendUpdatesThen(doc: string, updates: readonly NewUpdate[], done: AppendDone): void {
    this.updates.appendThen(doc, updates, done);
  }

  /**
   * Copies what the worker's last checkpoint could not (frames committed while it ran). With no
   * concurrent writer, this leaves the WAL fully copied, so the next commit restarts it.
   */
  private readonly letWalRestart = (): void => {
    if (this.db.open) this.db.pragma('wal_checkpoint(PASSIVE)');
  };

  async loadDoc(doc: string): Promise<StoredDoc> {
    // The snapshot and its tail are consistent without a transaction (better-sqlite3 would build a
    // wrapper per call): both reads run back to back on the only connection that writes, and the
    // tail holds every append made so far (`listAfter`).
    const snap = this.stmts.getSnapshot.get(doc);
    const snapshotSeq = snap?.seq ?? 0;
    const tail = this.updates.listAfter(doc, snapshotSeq);
    return { snapshot: snap ? new Uint8Array(snap.state) : null, snapshotSeq, tail };
  }

  async saveSnapshot(doc: string, state: Uint8Array, seq: number): Promise<void> {
    this.stmts.saveSnapshot.run(doc, state, seq, Date.now());
  }

  async listUpdates(doc: string, afterSeq = 0): Promise<StoredUpdate[]> {
    return this.updates.listAfter(doc, afterSeq);
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
    try {
      await this.checkpointer.stop();
      if (!this.db.open) return;
      this.updates.close();
      this.db.close();
    } finally {
      // Once this store writes nothing more, another process may take the directory over.
      this.lock?.release();
    }
  }
}
