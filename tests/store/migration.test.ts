// Data directories of earlier releases open with the new store: numbered migrations bring the
// schema up to date, in a transaction each, once, and every row stays.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { initialFlow, SqliteStore } from '../../server/store/index.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../server/store/sqliteMigrations.js';
import { tempDir } from '../helpers/server.js';
import { LEGACY_CONTENTS, writeLegacyDataDir } from './legacyDataDir.js';

/** Everything SQLite holds, schema and rows, to tell whether opening again changed anything. */
function dump(file: string): unknown {
  const db = new Database(file, { readonly: true });
  const tables = db.prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name").all();
  const rows = tables.filter((t) => t.sql?.startsWith('CREATE TABLE')).map((t) => [t.name, db.prepare(`SELECT * FROM ${t.name} ORDER BY rowid`).all()]);
  db.close();
  return { tables, rows };
}

const schemaVersions = (file: string) => {
  const db = new Database(file, { readonly: true });
  const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => (r as { version: number }).version);
  db.close();
  return versions;
};

describe('sqlite store: a data directory made by the release before numbered migrations', () => {
  it('migrates to the current schema and keeps every room, participant, invite, event, update, snapshot and question', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'duet.sqlite');
    // Two holders of seat B: the old check ran under one process's lock only.
    const intruder = { id: 'p8', roomId: 'r2', name: 'Intruder', role: 'candidate', color: '#000', createdAt: 130, seat: 'b', status: 'admitted' } as const;
    writeLegacyDataDir(dir, [intruder]);
    const c = LEGACY_CONTENTS;

    const store = SqliteStore.openDataDir(dir);
    for (const room of c.rooms) expect(await store.getRoom(room.id)).toEqual({ ...room, flow: room.flow ?? initialFlow(room.mode), version: 1 });
    expect((await store.listOpenRoomIds()).sort()).toEqual(['r1', 'r3']);
    for (const roomId of ['r1', 'r2', 'r3']) {
      const expected = c.participants.filter((p) => p.roomId === roomId);
      // The second holder stays in the room, as an observer without a seat.
      if (roomId === 'r2') expected.push({ ...intruder, role: 'observer', seat: null });
      expect(await store.listParticipants(roomId)).toEqual(expected);
      expect(await store.listEvents(roomId)).toEqual(c.events.filter((e) => e.roomId === roomId));
    }
    for (const invite of c.invites) expect(await store.getInvite(invite.id)).toEqual(invite);
    for (const doc of ['r1/pad', 'r1/notes']) {
      const updates = c.updates.filter((u) => u.doc === doc).map(({ seq, update, author, at }) => ({ seq, update, author, at }));
      expect((await store.listUpdates(doc)).map((u) => ({ ...u, update: new Uint8Array(u.update) }))).toEqual(updates);
    }
    const loaded = await store.loadDoc('r1/pad');
    expect([new Uint8Array(loaded.snapshot!), loaded.snapshotSeq, loaded.tail.map((u) => u.seq)]).toEqual([c.snapshot.state, 3, [4, 5]]);
    expect(await store.listQuestions()).toEqual(c.questions);
    // Numbering goes on after the last update, the append log's included.
    expect(await store.appendUpdates('r1/pad', [{ update: new Uint8Array([7]), author: null, at: 7 }])).toEqual([7]);
    // Migrated rooms take part in compare-and-set, and the seat is now a constraint.
    expect(await store.updateRoom('r1', 1, { title: 'Renamed' })).toMatchObject({ status: 'updated', room: { version: 2 } });
    const join = { roomId: 'r2', at: 1, kind: 'join', participantId: 'p9', data: null } as const;
    expect(await store.joinRoom({ inviteId: 'i5', participant: { ...intruder, id: 'p9' }, event: join })).toEqual({ status: 'exhausted' });
    await store.createInvite({ ...c.invites[4]!, id: 'i7', uses: 0, maxUses: null });
    expect(await store.joinRoom({ inviteId: 'i7', participant: { ...intruder, id: 'p9' }, event: join })).toEqual({ status: 'seat-taken' });
    await store.close();
    expect(schemaVersions(file)).toEqual(MIGRATIONS.map((m) => m.version));

    // Opening again runs no migration and changes nothing.
    const before = dump(file);
    const again = SqliteStore.openDataDir(dir);
    expect(await again.getRoom('r1')).toMatchObject({ title: 'Renamed', version: 2 });
    await again.close();
    expect(dump(file)).toEqual(before);
  });

  it('runs each migration in a transaction: one that fails leaves the database as it was, and is run again next time', () => {
    const file = path.join(tempDir(), 'duet.sqlite');
    const db = new Database(file);
    let fail = true;
    const migrations = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 1,
        name: 'fails half way the first time',
        up(d: Database.Database) {
          d.exec('CREATE TABLE half (x INTEGER) STRICT; ALTER TABLE rooms ADD COLUMN half TEXT');
          if (fail) throw new Error('disk full');
        },
      },
    ];
    expect(() => migrate(db, file, migrations)).toThrow('disk full');
    const has = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?").get(name) !== undefined;
    const columns = () => (db.prepare('PRAGMA table_info(rooms)').all() as { name: string }[]).map((c) => c.name);
    expect([has('half'), columns().includes('half'), has('participants_room_seat')]).toEqual([false, false, true]);
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: SCHEMA_VERSION });
    fail = false;
    migrate(db, file, migrations);
    expect([has('half'), columns().includes('half')]).toEqual([true, true]);
    // Older code refuses a database a newer release has migrated, rather than misreading it.
    expect(() => migrate(db, file)).toThrow(/newer than this Duet knows/);
    db.close();
  });
});

describe('sqlite store: upgrading a data directory from before the interview flow', () => {
  it('adds the new columns and reads old rooms, invites and participants', async () => {
    const file = path.join(tempDir(), 'duet.sqlite');
    const old = new Database(file);
    old.exec(`
      CREATE TABLE rooms (id TEXT PRIMARY KEY, title TEXT NOT NULL, mode TEXT NOT NULL, agenda TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL, ended_at INTEGER, timer TEXT NOT NULL) STRICT;
      CREATE TABLE invites (id TEXT PRIMARY KEY, room_id TEXT NOT NULL REFERENCES rooms(id), role TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, max_uses INTEGER, uses INTEGER NOT NULL DEFAULT 0, revoked INTEGER NOT NULL DEFAULT 0) STRICT;
      CREATE TABLE participants (id TEXT PRIMARY KEY, room_id TEXT NOT NULL REFERENCES rooms(id), name TEXT NOT NULL, role TEXT NOT NULL, color TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;
      CREATE TABLE doc_updates (seq INTEGER PRIMARY KEY, doc TEXT NOT NULL, update_data BLOB NOT NULL, author TEXT, at INTEGER NOT NULL) STRICT;
      CREATE INDEX doc_updates_doc ON doc_updates(doc, seq);
    `);
    // The update log of that time: a row per update.
    const update = old.prepare('INSERT INTO doc_updates VALUES (?, ?, ?, ?, ?)');
    update.run(1, 'r1/pad', Buffer.from([1]), 'p1', 10);
    update.run(2, 'r1/notes', Buffer.from([2]), null, 11);
    update.run(3, 'r1/pad', Buffer.from([3]), 'p1', 12);
    old.prepare("INSERT INTO rooms VALUES ('r1', 'Old', 'interview', '[]', 'open', 1, NULL, '{\"status\":\"idle\",\"phaseIndex\":0,\"phaseElapsedMs\":0,\"runningSince\":null,\"phaseActualMs\":[],\"version\":0}')").run();
    old.prepare("INSERT INTO invites (id, room_id, role, created_at, expires_at) VALUES ('i1', 'r1', 'candidate', 1, 2)").run();
    old.prepare("INSERT INTO participants VALUES ('p1', 'r1', 'Ada', 'interviewer', '#000', 1)").run();
    old.close();

    const store = new SqliteStore(file);
    expect(await store.getRoom('r1')).toMatchObject({ title: 'Old', flow: { revealed: [], peer: null, guaranteeCoding: false }, version: 1 });
    expect(await store.getInvite('i1')).toMatchObject({ seat: null });
    expect(await store.getParticipant('p1')).toMatchObject({ seat: null });
    expect(await store.listQuestions()).toEqual([]);
    expect((await store.listUpdates('r1/pad')).map((u) => [u.seq, u.update[0], u.author, u.at])).toEqual([
      [1, 1, 'p1', 10],
      [3, 3, 'p1', 12],
    ]);
    expect((await store.listUpdates('r1/pad', 1)).map((u) => u.seq)).toEqual([3]);
    expect((await store.loadDoc('r1/notes')).tail.map((u) => [u.seq, u.author])).toEqual([[2, null]]);
    // Numbering goes on after the migrated rows.
    expect(await store.appendUpdates('r1/pad', [{ update: new Uint8Array([4]), author: 'p1', at: 13 }])).toEqual([4]);
    await store.close();
    expect(schemaVersions(file)).toEqual(MIGRATIONS.map((m) => m.version));
    // Opening again is a no-op.
    const again = new SqliteStore(file);
    expect(await again.getRoom('r1')).not.toBeNull();
    expect((await again.listUpdates('r1/pad')).map((u) => u.seq)).toEqual([1, 3, 4]);
    await again.close();
  });
});
