// A data directory from before the interview flow (no `flow`/`seat` columns, no questions table)
// opens with the new store: columns are added in place and old rooms read with a default flow.
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
    `);
    old.prepare("INSERT INTO rooms VALUES ('r1', 'Old', 'interview', '[]', 'open', 1, NULL, '{\"status\":\"idle\",\"phaseIndex\":0,\"phaseElapsedMs\":0,\"runningSince\":null,\"phaseActualMs\":[],\"version\":0}')").run();
    old.prepare("INSERT INTO invites (id, room_id, role, created_at, expires_at) VALUES ('i1', 'r1', 'candidate', 1, 2)").run();
    old.prepare("INSERT INTO participants VALUES ('p1', 'r1', 'Ada', 'interviewer', '#000', 1)").run();
    old.close();

    const store = new SqliteStore(file);
    expect(await store.getRoom('r1')).toMatchObject({ title: 'Old', flow: { revealed: [], peer: null, guaranteeCoding: false } });
    expect(await store.getInvite('i1')).toMatchObject({ seat: null });
    expect(await store.getParticipant('p1')).toMatchObject({ seat: null });
    expect(await store.listQuestions()).toEqual([]);
    await store.close();
    // Opening again is a no-op.
    const again = new SqliteStore(file);
    expect(await again.getRoom('r1')).not.toBeNull();
    await again.close();
  });
});
