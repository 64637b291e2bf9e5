// A data directory from before the interview flow (no `flow`/`seat` columns, no questions table)
// opens with the new store: columns are added in place, old rooms read with a default flow, and
// the update log's row per update becomes runs of one.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/index.js';
import { tempDir } from '../helpers/server.js';

describe('sqlite store: upgrading an older data directory', () => {
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
    expect(await store.getRoom('r1')).toMatchObject({ title: 'Old', flow: { revealed: [], peer: null, guaranteeCoding: false } });
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
    // Opening again is a no-op.
    const again = new SqliteStore(file);
    expect(await again.getRoom('r1')).not.toBeNull();
    expect((await again.listUpdates('r1/pad')).map((u) => u.seq)).toEqual([1, 3, 4]);
    await again.close();
  });
});
