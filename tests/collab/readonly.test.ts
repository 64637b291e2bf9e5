// Must show 3: an observer's raw update frame never reaches another client nor the store; after
// the room ends, everyone is read-only while still receiving the document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { api, connectProvider, createRoom, decodeFrame, rawConnect, syncStep1Frame, textUpdate, updateFrame } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

async function storedText(roomId: string): Promise<string> {
  const doc = new Y.Doc();
  for (const u of await server.server.store.listUpdates(`${roomId}/pad`)) Y.applyUpdate(doc, u.update);
  return doc.getText(PAD.code).toString();
}

describe('read-only connections', () => {
  it("drops an observer's update and sync-step-2 frames: not applied, stored or relayed", async () => {
    const room = await createRoom(server.url);
    const observer = await room.join('observer', 'Olga');
    const watcher = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    watcher.doc.getText(PAD.code).insert(0, 'base;');

    const raw = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: observer.token });
    raw.send(syncStep1Frame());
    raw.send(updateFrame(textUpdate('OBSERVER-UPDATE'), 2));
    raw.send(updateFrame(textUpdate('OBSERVER-STEP2'), 1));
    // The observer still receives the document, including later edits.
    watcher.doc.getText(PAD.code).insert(5, 'after;');
    await waitFor(() => raw.doc().getText(PAD.code).toString() === 'base;after;', 5000, 'observer receives');
    await new Promise((r) => setTimeout(r, 200));

    expect(watcher.doc.getText(PAD.code).toString()).toBe('base;after;');
    expect(await storedText(room.room.id)).toBe('base;after;');
    const fresh = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    expect(fresh.doc.getText(PAD.code).toString()).toBe('base;after;');
    expect(server.server.collab.counters.droppedReadOnlyWrites).toBeGreaterThanOrEqual(2);
    // The observer connection was not closed for it.
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    raw.close();
    fresh.destroy();
    watcher.destroy();
  });

  it('makes everyone read-only once the room has ended, while they keep receiving', async () => {
    const room = await createRoom(server.url);
    const candidate = await room.join('candidate', 'Cid');
    const host = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const cand = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: candidate.token });
    cand.send(syncStep1Frame());
    host.doc.getText(PAD.code).insert(0, 'final answer');
    await waitFor(() => cand.doc().getText(PAD.code).toString() === 'final answer', 5000, 'candidate receives');

    const ended = await api(server.url, 'POST', `/api/rooms/${room.room.id}/end`, { token: room.hostToken });
    expect(ended.status).toBe(200);

    const before = cand.frames.length;
    cand.send(updateFrame(textUpdate('LATE-CANDIDATE'), 2));
    host.doc.getText(PAD.code).insert(0, 'LATE-HOST ');
    await new Promise((r) => setTimeout(r, 300));
    expect(await storedText(room.room.id)).toBe('final answer');
    const relayed = cand.frames.slice(before).map(decodeFrame).filter((f) => f.kind === 'sync-update');
    expect(relayed).toHaveLength(0);

    // A candidate can no longer join an ended room; the interviewer still can read it.
    const late = await api(server.url, 'POST', `/api/rooms/${room.room.id}/join`, {
      body: { invite: room.invites.candidate.token, name: 'Late' },
    });
    expect(late.status).toBe(410);
    const reader = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    expect(reader.doc.getText(PAD.code).toString()).toBe('final answer');
    reader.destroy();
    host.destroy();
    cand.close();
  });
});
