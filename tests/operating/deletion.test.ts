// Issue 20, must show 3: `DELETE /api/rooms/:id` (interviewer, ended room) and `DUET_RETENTION_DAYS`
// erase a room completely — after it, no row, file region or append-log entry of the data
// directory holds its pad text, notes or id (the files are searched byte for byte for a marker),
// while another room's marker is still found by the same search.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { NOTES, PAD } from '../../shared/schema.js';
import { DAY_MS } from '../../server/rooms/retention.js';
import { api, connectControl, connectProvider, createRoom, type TestRoom } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

/** Every file of the data directory that holds data (the database, its WAL, the append logs). */
function dataFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.startsWith('duet.sqlite')).map((f) => path.join(dir, f));
}

/** The files of the data directory whose bytes contain `needle` anywhere. */
function filesContaining(dir: string, needle: string): string[] {
  return dataFiles(dir).filter((file) => fs.readFileSync(file).includes(Buffer.from(needle)));
}

const marker = (what: string) => `${what}-${crypto.randomBytes(8).toString('hex')}`;

/**
 * A room with a marker typed into its pad (code and a board label) and its notes, through stock
 * clients, several times over so that snapshots are replaced (older ones leave free pages behind).
 */
async function roomWithMarker(server: TestServer, mark: string): Promise<TestRoom> {
  const room = await createRoom(server.url, { title: `Room ${mark}` });
  const cand = await room.join('candidate', `Cand ${mark}`);
  const pad = await connectProvider(server.wsUrl, room.room.id, 'pad', cand.token);
  const notes = await connectProvider(server.wsUrl, room.room.id, 'notes', room.hostToken);
  const { socket } = await connectControl(server.url, room.hostToken);
  for (let i = 0; i < 12; i++) {
    pad.doc.getText(PAD.code).insert(0, `// ${mark} ${i}\n`);
    notes.doc.getText(NOTES.notes).insert(0, `${mark} note ${i}\n`);
  }
  const shape = new Y.Map<unknown>();
  shape.set('type', 'rect');
  shape.set('label', `${mark} box`);
  pad.doc.getMap(PAD.shapes).set('s1', shape);
  await waitFor(async () => (await server.server.store.listUpdates(`${room.room.id}/pad`)).length >= 12, 8000, 'pad stored');
  await waitFor(async () => (await server.server.store.listUpdates(`${room.room.id}/notes`)).length >= 12, 8000, 'notes stored');
  pad.destroy();
  notes.destroy();
  socket.close();
  // Unloaded: each document's final snapshot is written.
  await waitFor(() => server.server.registry.loadedCount === 0, 8000, 'documents unloaded');
  return room;
}

describe('DELETE /api/rooms/:id', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A snapshot every 4 updates: earlier snapshots of the pad are replaced, not just written once.
    server = await startServer({ compactEvery: 4 });
  });
  afterAll(() => server.close());

  it('refuses while the room is open (409) and to the candidate (403); erases an ended room whole', async () => {
    const mark = marker('ERASE');
    const keepMark = marker('KEEP');
    const room = await roomWithMarker(server, mark);
    await roomWithMarker(server, keepMark);
    const cand = await room.join('candidate', 'Second');
    const id = room.room.id;

    expect((await api(server.url, 'DELETE', `/api/rooms/${id}`, { token: room.hostToken })).body).toMatchObject({ error: { code: 'conflict' } });
    expect((await api(server.url, 'POST', `/api/rooms/${id}/end`, { token: room.hostToken })).status).toBe(200);
    expect((await api(server.url, 'DELETE', `/api/rooms/${id}`, { token: cand.token })).status).toBe(403);
    // Someone still has the ended room open: the deletion closes them (4404) rather than waiting.
    const reader = await connectProvider(server.wsUrl, id, 'pad', room.hostToken);
    const closed = new Promise<number>((resolve) => reader.provider.ws!.addEventListener('close', (e) => resolve((e as CloseEvent).code)));
    expect(filesContaining(server.dataDir, mark).length).toBeGreaterThan(0);

    const deleted = await api(server.url, 'DELETE', `/api/rooms/${id}`, { token: room.hostToken });
    expect(deleted).toEqual({ status: 200, body: { deleted: true } });
    expect(await closed).toBe(4404);
    reader.destroy();

    expect((await api(server.url, 'GET', `/api/rooms/${id}`, { token: room.hostToken })).status).toBe(404);
    expect((await api(server.url, 'DELETE', `/api/rooms/${id}`, { token: room.hostToken })).status).toBe(404);
    const store = server.server.store;
    expect(await store.getRoom(id)).toBeNull();
    expect(await store.listParticipants(id)).toEqual([]);
    expect(await store.listEvents(id)).toEqual([]);
    for (const doc of ['pad', 'notes']) expect(await store.listUpdates(`${id}/${doc}`)).toEqual([]);
    for (const invite of Object.values(room.invites)) {
      expect((await api(server.url, 'POST', '/api/invites/inspect', { body: { invite: invite.token } })).status).toBe(401);
    }
    // Byte for byte: not in the database, its WAL or the append logs — neither the text nor the id.
    expect(filesContaining(server.dataDir, mark)).toEqual([]);
    expect(filesContaining(server.dataDir, id)).toEqual([]);
    // The same search finds the room that was kept.
    expect(filesContaining(server.dataDir, keepMark).length).toBeGreaterThan(0);
    // Nothing of it comes back later (a 'leave' event of the closed sockets, an unload's snapshot).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await store.listEvents(id)).toEqual([]);
    expect(filesContaining(server.dataDir, mark)).toEqual([]);
  });
});

describe('DUET_RETENTION_DAYS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ retentionDays: 30, compactEvery: 4 });
  });
  afterAll(() => server.close());

  it('erases ended rooms older than that, completely, and keeps newer and open ones', async () => {
    const oldMark = marker('OLD');
    const recentMark = marker('RECENT');
    const openMark = marker('OPEN');
    const old = await roomWithMarker(server, oldMark);
    const recent = await roomWithMarker(server, recentMark);
    const open = await roomWithMarker(server, openMark);
    for (const room of [old, recent]) expect((await api(server.url, 'POST', `/api/rooms/${room.room.id}/end`, { token: room.hostToken })).status).toBe(200);
    // The old room ended 31 days ago, the recent one 29.
    const store = server.server.store;
    for (const [room, daysAgo] of [[old, 31], [recent, 29]] as const) {
      const current = (await store.getRoom(room.room.id))!;
      expect((await store.updateRoom(room.room.id, current.version, { endedAt: Date.now() - daysAgo * DAY_MS })).status).toBe('updated');
    }

    expect(await server.server.retention!.sweep()).toBe(1);
    expect(await store.getRoom(old.room.id)).toBeNull();
    expect(filesContaining(server.dataDir, oldMark)).toEqual([]);
    expect(filesContaining(server.dataDir, old.room.id)).toEqual([]);
    for (const [room, mark] of [[recent, recentMark], [open, openMark]] as const) {
      expect(await store.getRoom(room.room.id)).not.toBeNull();
      expect(filesContaining(server.dataDir, mark).length).toBeGreaterThan(0);
    }
    expect(await server.server.retention!.sweep()).toBe(0);
  });

  it('is off unless configured', async () => {
    const plain = await startServer();
    expect(plain.server.retention).toBeNull();
    await plain.close();
  });
});
