/**
 * The SQLite schema as numbered migrations, applied in order when a store opens.
 *
 * Each applied migration is recorded in `schema_migrations`, in the same transaction as its
 * changes: a crash part-way leaves the database at the previous version, and the next start
 * runs that migration again from the beginning. Only one process runs them at a time, because only
 * one process opens a data directory (`dataDirLock.ts`). Migrations are never edited once
 * released: a change to the schema is a new migration at the end of the list.
 */
import type Database from 'better-sqlite3';
import { encodeRecords } from './appendLog.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/**
 * The tables of every release before numbered migrations. `IF NOT EXISTS`, and columns added
 * only where missing, so that this migration brings a database made by any of those releases —
 * or none — to the same schema, without touching its rows.
 */
const BASELINE = `
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

/** Columns the releases before numbered migrations added in place, as the baseline finds them. */
const BASELINE_COLUMNS: { table: string; column: string; ddl: string }[] = [
  { table: 'rooms', column: 'flow', ddl: 'flow TEXT' },
  { table: 'invites', column: 'seat', ddl: 'seat TEXT' },
  { table: 'participants', column: 'seat', ddl: 'seat TEXT' },
];

const hasTable = (db: Database.Database, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/**
 * Rows written before runs existed, one update each (`doc_updates`): moved into runs of one, so a
 * data directory from that time keeps its whole history.
 */
function updateRowsToRuns(db: Database.Database): void {
  if (!hasTable(db, 'doc_updates')) return;
  type OldRow = { seq: number; doc: string; update_data: Buffer; author: string | null; at: number };
  const insertRun = db.prepare('INSERT OR IGNORE INTO doc_update_runs (last_seq, doc, first_seq, count, records) VALUES (?, ?, ?, ?, ?)');
  // Pages of rows: better-sqlite3 allows no other statement while an iterator is open.
  const page = db.prepare<[number], OldRow>('SELECT seq, doc, update_data, author, at FROM doc_updates WHERE seq > ? ORDER BY seq LIMIT 10000');
  for (let rows = page.all(0); rows.length > 0; rows = page.all(rows.at(-1)!.seq)) {
    for (const row of rows) {
      const record = { seq: row.seq, doc: row.doc, update: row.update_data, author: row.author, at: row.at };
      insertRun.run(row.seq, row.doc, row.seq, 1, encodeRecords([record]));
    }
  }
  db.exec('DROP TABLE doc_updates');
}

/**
 * Before the seat was a constraint, it was a check under one process's room lock. Should a
 * database hold two holders of one seat anyway (two processes on one data directory), the first
 * keeps it; each later one stays in the room as an observer without a seat — the access a second
 * holder got was the bug this constraint closes.
 */
function uniqueSeats(db: Database.Database): void {
  db.exec(`
    UPDATE participants SET seat = NULL, role = 'observer'
    WHERE seat IS NOT NULL AND EXISTS (
      SELECT 1 FROM participants AS first
      WHERE first.room_id = participants.room_id AND first.seat = participants.seat
        AND (first.created_at < participants.created_at OR (first.created_at = participants.created_at AND first.rowid < participants.rowid))
    );
    CREATE UNIQUE INDEX participants_room_seat ON participants(room_id, seat);
  `);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'baseline: the schema of the releases before numbered migrations',
    up(db) {
      db.exec(BASELINE);
      for (const { table, column, ddl } of BASELINE_COLUMNS) {
        const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
        if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${ddl}`);
      }
    },
  },
  { version: 2, name: 'document updates: rows of one update become runs', up: updateRowsToRuns },
  {
    version: 3,
    name: 'rooms: a version for compare-and-set',
    up(db) {
      db.exec('ALTER TABLE rooms ADD COLUMN version INTEGER NOT NULL DEFAULT 1');
    },
  },
  { version: 4, name: 'participants: one holder per seat and room', up: uniqueSeats },
  {
    version: 5,
    name: 'participants: a status (waiting, admitted, denied, removed)',
    up(db) {
      db.exec("ALTER TABLE participants ADD COLUMN status TEXT NOT NULL DEFAULT 'admitted'");
    },
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/** Applies every migration the database has not recorded, each in its own transaction. */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
  const applied = (db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as { version: number | null }).version ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  // Running older code on a newer schema could write rows that newer code misreads.
  if (applied > known) throw new Error(`${file} has schema version ${applied}, newer than this Duet knows (${known}): run a newer release`);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= applied) continue;
    db.transaction(() => {
      migration.up(db);
      record.run(migration.version, migration.name, Date.now());
    })();
  }
}
