/**
 * The PostgreSQL schema as numbered migrations, applied in order when a store connects.
 *
 * Several processes may start at once against one database: the migrations run under a session
 * advisory lock, so one process migrates and the others wait and then find nothing left to do.
 * Each migration and its row in `schema_migrations` commit together. The columns mirror SQLite's
 * (JSON as text, flags as integers, times as epoch milliseconds), so both stores read rows through
 * the same mappers (`sqliteRooms.ts`). Migrations are never edited once released: a change to the
 * schema is a new migration at the end of the list.
 */
import type { PoolClient } from 'pg';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'rooms, invites, participants, events, document log, snapshots, questions',
    sql: `
CREATE TABLE rooms (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  mode TEXT NOT NULL,
  agenda TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  ended_at BIGINT,
  timer TEXT NOT NULL,
  flow TEXT,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX rooms_open ON rooms(status) WHERE status = 'open';
CREATE TABLE invites (
  id TEXT PRIMARY KEY,
  room_id TEXT NOT NULL REFERENCES rooms(id),
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  max_uses INTEGER,
  uses INTEGER NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0,
  seat TEXT
);
CREATE INDEX invites_room_role ON invites(room_id, role);
-- ord: insertion order (SQLite's rowid), the order participants are listed in.
CREATE TABLE participants (
  id TEXT PRIMARY KEY,
  ord BIGSERIAL,
  room_id TEXT NOT NULL REFERENCES rooms(id),
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  color TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  seat TEXT
);
CREATE INDEX participants_room ON participants(room_id);
-- NULLs are distinct: participants without a seat are not limited.
CREATE UNIQUE INDEX participants_room_seat ON participants(room_id, seat);
CREATE TABLE room_events (
  id BIGSERIAL PRIMARY KEY,
  room_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  participant_id TEXT,
  data TEXT
);
CREATE INDEX room_events_room ON room_events(room_id, id);
-- The document log: sequence numbers per document, handed out by doc_heads (see pg.ts).
CREATE TABLE doc_heads (
  doc TEXT PRIMARY KEY,
  seq BIGINT NOT NULL
);
CREATE TABLE doc_updates (
  doc TEXT NOT NULL,
  seq BIGINT NOT NULL,
  data BYTEA NOT NULL,
  author TEXT,
  at BIGINT NOT NULL,
  PRIMARY KEY (doc, seq)
);
CREATE TABLE doc_snapshots (
  doc TEXT PRIMARY KEY,
  state BYTEA NOT NULL,
  seq BIGINT NOT NULL,
  at BIGINT NOT NULL
);
CREATE TABLE questions (
  id TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);`,
  },
  {
    version: 2,
    name: 'participants: a status (waiting, admitted, denied, removed)',
    sql: "ALTER TABLE participants ADD COLUMN status TEXT NOT NULL DEFAULT 'admitted'",
  },
];

/** The advisory lock key migrations run under (any fixed 64-bit number; this one spells "duet"). */
const MIGRATION_LOCK = 0x64756574;

/**
 * Creates `schema` if needed (the connection's search path names it) and applies every migration
 * it has not recorded. `schema` must be a plain identifier (the store checks).
 */
export async function migratePg(client: PoolClient, schema: string, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    // Under the lock too: two concurrent CREATE SCHEMA IF NOT EXISTS can both try to create it.
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    );
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    const applied = rows[0]?.version ?? 0;
    const known = migrations.at(-1)?.version ?? 0;
    // Running older code on a newer schema could write rows that newer code misreads.
    if (applied > known) throw new Error(`the database has schema version ${applied}, newer than this Duet knows (${known}): run a newer release`);
    for (const migration of migrations) {
      if (migration.version <= applied) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          Date.now(),
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
