// Must show 4: a candidate's edits while the pad is locked are dropped — not applied, not stored,
// not relayed — and work again after unlock; everyone sees the lock's state.
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RoomInfo } from '../../shared/protocol.js';
import { PAD } from '../../shared/schema.js';
import { api, connectControl, connectProvider, createRoom, rawConnect, syncStep1Frame, textUpdate, updateFrame, type TestRoom } from '../helpers/clients.js';
import { useServer, waitFor } from '../helpers/server.js';
import { nextEvent } from './helpers.js';

const { server } = useServer();
let room: TestRoom;

beforeAll(async () => {
  room = await createRoom(server.url, { hostName: 'Ivy' });
});

const lock = (locked: boolean, token = room.hostToken) => api<{ room: RoomInfo }>(server.url, 'POST', `/api/rooms/${room.room.id}/lock`, { token, body: { locked } });
/** The pad as stored: a fresh server-side load through a new connection. */
async function storedPad(): Promise<string> {
  const fresh = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
  const text = fresh.doc.getText(PAD.code).toString();
  fresh.destroy();
  return text;
}

describe('locking the pad', () => {
  it('drops a candidate\'s edits while locked and takes them again after unlock', async () => {
    const cand = await room.join('candidate', 'Cleo');
    const obs = await room.join('observer', 'Otto');
    const candPad = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: cand.token });
    candPad.send(syncStep1Frame());
    const watcher = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: obs.token });
    watcher.send(syncStep1Frame());
    const candSocket = await connectControl(server.url, cand.token);
    const obsSocket = await connectControl(server.url, obs.token);

    // The candidate may lock nothing.
    expect((await lock(true, cand.token)).status).toBe(403);
    const seenByCandidate = nextEvent<RoomInfo>(candSocket.socket, 'room');
    const seenByObserver = nextEvent<RoomInfo>(obsSocket.socket, 'room');
    const locked = await lock(true);
    expect(locked.status).toBe(200);
    expect(locked.body.room.padLocked).toBe(true);
    expect((await seenByCandidate).padLocked).toBe(true);
    expect((await seenByObserver).padLocked).toBe(true);

    const dropsBefore = server.server.collab.counters.droppedReadOnlyWrites;
    candPad.send(updateFrame(textUpdate('LOCKED-EDIT ')));
    // The board lives in the pad document: a shape is dropped the same way.
    candPad.send(updateFrame(shapeUpdate('locked-shape')));
    await waitFor(() => server.server.collab.counters.droppedReadOnlyWrites >= dropsBefore + 2, 5000, 'writes dropped');
    // Interviewers still write while it is locked; that edit reaches the observer, the candidate's never does.
    const host = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    host.doc.getText(PAD.code).insert(0, 'HOST-EDIT ');
    await waitFor(() => watcher.doc().getText(PAD.code).toString().includes('HOST-EDIT'), 5000, 'host edit relayed');
    expect(watcher.doc().getText(PAD.code).toString()).not.toContain('LOCKED-EDIT');
    expect(watcher.doc().getMap(PAD.shapes).has('locked-shape')).toBe(false);
    expect(host.doc.getText(PAD.code).toString()).not.toContain('LOCKED-EDIT');
    expect(await storedPad()).not.toContain('LOCKED-EDIT');

    expect((await lock(false)).body.room.padLocked).toBe(false);
    candPad.send(updateFrame(textUpdate('AFTER-UNLOCK ')));
    await waitFor(() => watcher.doc().getText(PAD.code).toString().includes('AFTER-UNLOCK'), 5000, 'edit after unlock relayed');
    await waitFor(async () => (await storedPad()).includes('AFTER-UNLOCK'), 5000, 'edit after unlock stored');
    expect(await storedPad()).not.toContain('LOCKED-EDIT');

    const report = await api<{ people: { text: string }[] }>(server.url, 'GET', `/api/rooms/${room.room.id}/report`, { token: room.hostToken, headers: { accept: 'application/json' } });
    expect(report.body.people.map((l) => l.text)).toEqual(['Ivy locked the pad and board', 'Ivy unlocked the pad and board']);
    for (const c of [candPad, watcher]) c.close();
    for (const s of [candSocket, obsSocket]) s.socket.close();
    host.destroy();
  });
});

/** A Yjs update adding one board shape (a Y.Map in the pad's `shapes`). */
function shapeUpdate(id: string): Uint8Array {
  const doc = new Y.Doc();
  const shape = new Y.Map<unknown>();
  shape.set('kind', 'rect');
  doc.getMap(PAD.shapes).set(id, shape);
  return Y.encodeStateAsUpdate(doc);
}
