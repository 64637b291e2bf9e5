// Issue 20, must show 4: a room exported from one server and imported into a second has the same
// pad, board, notes, scorecard, history and report; import needs the create key where one is set,
// answers like room creation, and refuses what is not a bundle it knows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EXPORT_VERSION, type RoomExport } from '../../shared/export.js';
import type { CreateRoomResponse } from '../../shared/protocol.js';
import type { InterviewReport } from '../../shared/report.js';
import { NOTES, PAD, SCORECARD_KEYS } from '../../shared/schema.js';
import { api, connectControl, connectProvider, createRoom } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

const CREATE_KEY = 'import-create-key-0123456789';
let source: TestServer;
let target: TestServer;
beforeAll(async () => {
  [source, target] = await Promise.all([startServer(), startServer({ createKey: CREATE_KEY })]);
});
afterAll(async () => {
  await Promise.all([source.close(), target.close()]);
});

/** What people see of a room: the pad's code and language, the board, the notes and scorecard. */
async function contents(server: TestServer, roomId: string, token: string) {
  const pad = await connectProvider(server.wsUrl, roomId, 'pad', token);
  const notes = await connectProvider(server.wsUrl, roomId, 'notes', token);
  const seen = {
    code: pad.doc.getText(PAD.code).toString(),
    language: pad.doc.getMap(PAD.meta).get('language'),
    board: pad.doc.getMap(PAD.shapes).toJSON(),
    notes: notes.doc.getText(NOTES.notes).toString(),
    scorecard: notes.doc.getMap(NOTES.scorecard).toJSON(),
  };
  pad.destroy();
  notes.destroy();
  return seen;
}

async function report(server: TestServer, roomId: string, token: string): Promise<InterviewReport> {
  const res = await api<InterviewReport>(server.url, 'GET', `/api/rooms/${roomId}/report`, { token });
  expect(res.status).toBe(200);
  return res.body;
}

/** A report with what differs between two servers by design (the room id in it and its links, when it was made) left out. */
const comparable = ({ generatedAt: _g, ...report }: InterviewReport) => JSON.parse(JSON.stringify(report).split(report.room.id).join('<room>')) as unknown;

async function interview() {
  const room = await createRoom(source.url, { title: 'Export me', hostName: 'Ines' });
  const cand = await room.join('candidate', 'Carl');
  const pad = await connectProvider(source.wsUrl, room.room.id, 'pad', cand.token);
  const notes = await connectProvider(source.wsUrl, room.room.id, 'notes', room.hostToken);
  const { socket } = await connectControl(source.url, room.hostToken);
  for (const line of ['def solve(xs):', '    return sorted(xs)', '# é — ✓ unicode survives']) {
    pad.doc.getText(PAD.code).insert(pad.doc.getText(PAD.code).length, `${line}\n`);
  }
  pad.doc.getMap(PAD.meta).set('language', 'python');
  const box = new Y.Map<unknown>();
  pad.doc.transact(() => {
    for (const [k, v] of Object.entries({ type: 'rect', x: 10, y: 20, w: 120, h: 60, label: 'Load balancer' })) box.set(k, v);
  });
  pad.doc.getMap(PAD.shapes).set('shape-1', box);
  notes.doc.getText(NOTES.notes).insert(0, 'Clear reasoning; missed the empty input.');
  notes.doc.getMap(NOTES.scorecard).set(SCORECARD_KEYS.rating('problemSolving'), 3);
  notes.doc.getMap(NOTES.scorecard).set(SCORECARD_KEYS.recommendation, 'yes');
  const send = (event: string, payload?: unknown) =>
    (socket.timeout(5000) as unknown as { emitWithAck(e: string, p?: unknown): Promise<{ ok: boolean; run?: { id: string } }> }).emitWithAck(event, payload);
  expect((await send('timer:start')).ok).toBe(true);
  const run = await send('run:start', { language: 'python', kind: 'run' });
  expect((await send('run:end', { runId: run.run!.id, status: 'ok', durationMs: 12 })).ok).toBe(true);
  await waitFor(async () => (await source.server.store.listUpdates(`${room.room.id}/notes`)).length >= 3, 8000, 'notes stored');
  await waitFor(async () => (await source.server.store.listUpdates(`${room.room.id}/pad`)).length >= 5, 8000, 'pad stored');
  pad.destroy();
  notes.destroy();
  socket.close();
  expect((await api(source.url, 'POST', `/api/rooms/${room.room.id}/end`, { token: room.hostToken })).status).toBe(200);
  return { room, cand };
}

describe('room export and import', () => {
  it('export → import into a second server → same pad, board, notes, scorecard, history and report', async () => {
    const { room, cand } = await interview();
    const id = room.room.id;
    expect((await api(source.url, 'GET', `/api/rooms/${id}/export`, { token: cand.token })).status).toBe(403);

    const exported = await api<RoomExport>(source.url, 'GET', `/api/rooms/${id}/export`, { token: room.hostToken });
    expect(exported.status).toBe(200);
    const bundle = exported.body;
    expect(bundle).toMatchObject({ format: 'duet-room', version: EXPORT_VERSION, room: { id, title: 'Export me', status: 'ended' } });
    expect(bundle.participants.map((p) => [p.name, p.role])).toEqual([['Ines', 'interviewer'], ['Carl', 'candidate']]);
    expect(bundle.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['create', 'join', 'timer', 'run', 'end']));
    expect(Object.keys(bundle.documents).sort()).toEqual(['notes', 'pad']);
    expect(bundle.documents.pad!.updates.length).toBeGreaterThanOrEqual(5);
    expect(bundle.report.notes[0]!.scorecard.recommendation).toBe('yes');

    // The create key guards import like creation.
    expect((await api(target.url, 'POST', '/api/rooms/import', { body: bundle })).status).toBe(401);
    const imported = await api<CreateRoomResponse>(target.url, 'POST', '/api/rooms/import', { body: bundle, token: CREATE_KEY });
    expect(imported.status).toBe(201);
    const made = imported.body;
    expect(made.room).toMatchObject({ title: 'Export me', status: 'ended', mode: 'interview' });
    expect(made.room.id).not.toBe(id);
    expect(made.participant).toMatchObject({ name: 'Ines', role: 'interviewer' });
    expect(Object.keys(made.invites).sort()).toEqual(['candidate', 'interviewer', 'observer']);

    const before = await contents(source, id, room.hostToken);
    const after = await contents(target, made.room.id, made.hostToken);
    expect(before.code).toContain('return sorted(xs)');
    expect(before.board).toMatchObject({ 'shape-1': { label: 'Load balancer' } });
    expect(after).toEqual(before);
    expect(comparable(await report(target, made.room.id, made.hostToken))).toEqual(comparable(await report(source, id, room.hostToken)));

    // The history came along, with its times and its authors (renamed to the new participants).
    const newHost = made.participant.id;
    const replay = await target.server.store.listUpdates(`${made.room.id}/notes`);
    expect(replay.map((u) => u.at)).toEqual(bundle.documents.notes!.updates.map((u) => u.at));
    expect(new Set(replay.map((u) => u.author))).toEqual(new Set([newHost]));
    expect(JSON.stringify(await target.server.store.listEvents(made.room.id))).not.toContain(bundle.participants[0]!.id);

    // Imported again — even into the server it came from — it is another room, clashing with nothing.
    const again = await api<CreateRoomResponse>(source.url, 'POST', '/api/rooms/import', { body: bundle });
    expect(again.status).toBe(201);
    expect(again.body.room.id).not.toBe(id);
    expect((await contents(source, again.body.room.id, again.body.hostToken)).code).toBe(before.code);
  });

  it('refuses what is not a bundle it reads, with the field named (400)', async () => {
    const { room } = await interview();
    const bundle = (await api<RoomExport>(source.url, 'GET', `/api/rooms/${room.room.id}/export`, { token: room.hostToken })).body;
    const cases: [unknown, RegExp][] = [
      [{ hello: 'world' }, /format/],
      [{ ...bundle, version: 99 }, /version/],
      [{ ...bundle, participants: [] }, /participants/],
      [{ ...bundle, documents: { pad: { state: 'AAA=', updates: [{ seq: 1, at: 1, author: null, update: '/////w==' }] } } }, /pad/],
    ];
    for (const [body, message] of cases) {
      const res = await api<{ error: { code: string; message: string } }>(target.url, 'POST', '/api/rooms/import', { body, token: CREATE_KEY });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    // Peer rooms are not exported: the bundle would hold the other seat's notes.
    const peer = await createRoom(source.url, { mode: 'peer' });
    expect((await api(source.url, 'GET', `/api/rooms/${peer.room.id}/export`, { token: peer.hostToken })).status).toBe(403);
  });
});
