/**
 * A data directory as the last release before numbered migrations (main at 35db023) leaves it,
 * written with that release's own schema and statements in raw SQL: its tables (created, then
 * widened by the columns it added in place), rows of every kind, a snapshot, update runs in
 * SQLite, and acknowledged updates still in the append log (as after a `kill -9`). Frozen on
 * purpose: it must not follow the schema as it changes.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppendLog, encodeRecords, type AppendLogRecord } from '../../server/store/appendLog.js';
import { initialFlow, type InviteRecord, type ParticipantRecord, type RoomEvent, type RoomRecord } from '../../server/store/index.js';
import { DEFAULT_AGENDA } from '../../shared/agenda.js';
import type { Question } from '../../shared/questions.js';
import { initialTimer } from '../../shared/timer.js';

const RELEASE_SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (id TEXT PRIMARY KEY, title TEXT NOT NULL, mode TEXT NOT NULL, agenda TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL, ended_at INTEGER, timer TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS invites (id TEXT PRIMARY KEY, room_id TEXT NOT NULL REFERENCES rooms(id), role TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, max_uses INTEGER, uses INTEGER NOT NULL DEFAULT 0, revoked INTEGER NOT NULL DEFAULT 0) STRICT;
CREATE INDEX IF NOT EXISTS invites_room_role ON invites(room_id, role);
CREATE TABLE IF NOT EXISTS participants (id TEXT PRIMARY KEY, room_id TEXT NOT NULL REFERENCES rooms(id), name TEXT NOT NULL, role TEXT NOT NULL, color TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS participants_room ON participants(room_id);
CREATE TABLE IF NOT EXISTS room_events (id INTEGER PRIMARY KEY AUTOINCREMENT, room_id TEXT NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL, participant_id TEXT, data TEXT) STRICT;
CREATE INDEX IF NOT EXISTS room_events_room ON room_events(room_id, id);
CREATE TABLE IF NOT EXISTS doc_update_runs (last_seq INTEGER PRIMARY KEY, doc TEXT NOT NULL, first_seq INTEGER NOT NULL, count INTEGER NOT NULL, records BLOB NOT NULL) STRICT;
CREATE INDEX IF NOT EXISTS doc_update_runs_doc ON doc_update_runs(doc, last_seq);
CREATE TABLE IF NOT EXISTS doc_snapshots (doc TEXT PRIMARY KEY, state BLOB NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS questions (id TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;
ALTER TABLE rooms ADD COLUMN flow TEXT;
ALTER TABLE invites ADD COLUMN seat TEXT;
ALTER TABLE participants ADD COLUMN seat TEXT;
`;

/** What the directory holds, as the new store should read it back. */
export interface LegacyContents {
  /** `flow: null` is a room from before the flow column: read back with the default flow. */
  rooms: (Omit<RoomRecord, 'version' | 'flow'> & { flow: RoomRecord['flow'] | null })[];
  participants: ParticipantRecord[];
  invites: InviteRecord[];
  events: RoomEvent[];
  /** Every update of every document, oldest first; the last two only in the append log. */
  updates: AppendLogRecord[];
  snapshot: { doc: string; state: Uint8Array; seq: number };
  questions: Question[];
}

const room = (id: string, mode: 'interview' | 'peer', status: 'open' | 'ended', flow: RoomRecord['flow'] | null): LegacyContents['rooms'][number] => ({
  id,
  title: `Room ${id}`,
  mode,
  agenda: DEFAULT_AGENDA,
  status,
  createdAt: 100,
  endedAt: status === 'ended' ? 900 : null,
  timer: { ...initialTimer(), status: status === 'ended' ? 'stopped' : 'running', runningSince: status === 'ended' ? null : 150, version: 3 },
  flow,
});

const person = (id: string, roomId: string, role: ParticipantRecord['role'], seat: ParticipantRecord['seat'], createdAt: number): ParticipantRecord => ({
  id,
  roomId,
  name: `Name ${id}`,
  role,
  color: '#2563eb',
  createdAt,
  seat,
  status: 'admitted',
});

const link = (id: string, roomId: string, role: InviteRecord['role'], seat: InviteRecord['seat'], uses: number, revoked = false): InviteRecord => ({
  id,
  roomId,
  role,
  createdAt: 100,
  expiresAt: 10_000,
  maxUses: role === 'candidate' ? 1 : null,
  uses,
  revoked,
  seat,
});

const update = (seq: number, doc: string, author: string | null): AppendLogRecord => ({ seq, doc, update: new Uint8Array([seq, seq + 1]), author, at: 1000 + seq });

export const LEGACY_CONTENTS: LegacyContents = {
  rooms: [
    room('r1', 'interview', 'open', { ...initialFlow('interview'), guaranteeCoding: true }),
    room('r2', 'peer', 'ended', { ...initialFlow('peer'), peer: { interviewerSeat: 'b', swaps: 1, lastSwapAt: 500, sharedFeedback: ['a'] } }),
    room('r3', 'interview', 'open', null),
  ],
  participants: [
    person('p1', 'r1', 'interviewer', null, 100),
    person('p2', 'r1', 'candidate', null, 110),
    person('p3', 'r1', 'observer', null, 120),
    person('p4', 'r2', 'interviewer', 'a', 100),
    person('p5', 'r2', 'candidate', 'b', 110),
    person('p6', 'r2', 'observer', null, 120),
    person('p7', 'r3', 'interviewer', null, 100),
  ],
  invites: [
    link('i1', 'r1', 'interviewer', null, 0),
    link('i2', 'r1', 'candidate', null, 1),
    link('i3', 'r1', 'observer', null, 1),
    link('i4', 'r2', 'interviewer', 'a', 0, true),
    link('i5', 'r2', 'candidate', 'b', 1),
    link('i6', 'r3', 'candidate', null, 0),
  ],
  events: [
    { roomId: 'r1', at: 100, kind: 'create', participantId: 'p1', data: { title: 'Room r1', mode: 'interview' } },
    { roomId: 'r1', at: 110, kind: 'join', participantId: 'p2', data: { role: 'candidate', name: 'Name p2', seat: null } },
    { roomId: 'r1', at: 150, kind: 'timer', participantId: 'p1', data: { command: 'start', phaseIndex: 0 } },
    { roomId: 'r2', at: 500, kind: 'swap', participantId: 'p4', data: { interviewerSeat: 'b', auto: false } },
    { roomId: 'r2', at: 900, kind: 'end', participantId: null, data: null },
  ],
  updates: [update(1, 'r1/pad', 'p2'), update(2, 'r1/notes', 'p1'), update(3, 'r1/pad', 'p2'), update(4, 'r1/pad', null), update(5, 'r1/pad', 'p1'), update(6, 'r1/notes', 'p1')],
  snapshot: { doc: 'r1/pad', state: new Uint8Array([9, 9, 9]), seq: 3 },
  questions: [
    {
      id: 'custom-1',
      kind: 'concept',
      title: 'Custom',
      difficulty: 'easy',
      tags: ['t'],
      statement: 'S',
      source: 'custom',
      guidance: { goodAnswer: ['g'], followUps: [], hints: [], rubric: [] },
    },
  ],
};

/** Updates 1–4 are in SQLite as runs; 5 and 6 were acknowledged but only reached the append log. */
const IN_SQLITE = 4;

/**
 * Writes `LEGACY_CONTENTS` into `dir` the way that release did, plus `extraParticipants` (rows
 * it should never have written, such as a second holder of a seat).
 */
export function writeLegacyDataDir(dir: string, extraParticipants: ParticipantRecord[] = []): void {
  const file = path.join(dir, 'duet.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(RELEASE_SCHEMA);
  const c = LEGACY_CONTENTS;
  const insertRoom = db.prepare('INSERT INTO rooms (id, title, mode, agenda, status, created_at, ended_at, timer, flow) VALUES (@id, @title, @mode, @agenda, @status, @createdAt, @endedAt, @timer, @flow)');
  for (const r of c.rooms) insertRoom.run({ ...r, agenda: JSON.stringify(r.agenda), timer: JSON.stringify(r.timer), flow: r.flow && JSON.stringify(r.flow) });
  const insertInvite = db.prepare('INSERT INTO invites (id, room_id, role, created_at, expires_at, max_uses, uses, revoked, seat) VALUES (@id, @roomId, @role, @createdAt, @expiresAt, @maxUses, @uses, @revoked, @seat)');
  for (const i of c.invites) insertInvite.run({ ...i, revoked: i.revoked ? 1 : 0 });
  const insertParticipant = db.prepare('INSERT INTO participants (id, room_id, name, role, color, created_at, seat) VALUES (@id, @roomId, @name, @role, @color, @createdAt, @seat)');
  for (const p of [...c.participants, ...extraParticipants]) insertParticipant.run(p);
  const insertEvent = db.prepare('INSERT INTO room_events (room_id, at, kind, participant_id, data) VALUES (?, ?, ?, ?, ?)');
  for (const e of c.events) insertEvent.run(e.roomId, e.at, e.kind, e.participantId, e.data ? JSON.stringify(e.data) : null);
  const insertRun = db.prepare('INSERT OR IGNORE INTO doc_update_runs (last_seq, doc, first_seq, count, records) VALUES (?, ?, ?, ?, ?)');
  // One run per document, as that release's ingestion wrote them.
  const stored = c.updates.slice(0, IN_SQLITE);
  for (const doc of new Set(stored.map((u) => u.doc))) {
    const run = stored.filter((u) => u.doc === doc);
    insertRun.run(run.at(-1)!.seq, doc, run[0]!.seq, run.length, encodeRecords(run));
  }
  db.prepare('INSERT INTO doc_snapshots (doc, state, seq, at) VALUES (?, ?, ?, ?)').run(c.snapshot.doc, c.snapshot.state, c.snapshot.seq, 2000);
  const insertQuestion = db.prepare('INSERT INTO questions (id, data, updated_at) VALUES (?, ?, ?)');
  for (const q of c.questions) insertQuestion.run(q.id, JSON.stringify(q), 2000);
  db.close();
  const log = new AppendLog(`${file}.appendlog.0`);
  log.write(encodeRecords(c.updates.slice(IN_SQLITE)));
  log.close();
}
