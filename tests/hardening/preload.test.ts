// Frames that arrive before a document has loaded wait in a queue bounded at 1000 frames or
// 16 MiB (the defaults): past either, the connection is closed with 4400; within them, every
// queued frame is handled, in order, once the load finishes. The load is held back by the store
// (a slow disk), so the queue is really in use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { CloseCode } from '../../shared/wire.js';
import { createRoom, rawConnect, syncStep1Frame, updateFrame, type RawClient } from '../helpers/clients.js';
import { faultyStore, type FaultyStore } from '../helpers/faultyStore.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
let store: FaultyStore;
beforeAll(async () => {
  store = faultyStore();
  server = await startServer({ store });
});
afterAll(() => server.close());

/** Holds every document load until the returned function is called. */
function holdLoads(): () => void {
  let release!: () => void;
  store.holding.loadDoc = new Promise<void>((resolve) => (release = resolve));
  return () => {
    delete store.holding.loadDoc;
    release();
  };
}

/** `count` updates of one typist: each appends one character to the pad's code. */
function typing(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText(PAD.code).insert(i, 'k');
  return updates;
}

async function openWhileLoading(): Promise<{ client: RawClient; roomId: string; hostToken: string }> {
  const room = await createRoom(server.url);
  const loadsBefore = store.calls.loadDoc ?? 0;
  const client = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
  await waitFor(() => (store.calls.loadDoc ?? 0) > loadsBefore, 5000, 'load started');
  return { client, roomId: room.room.id, hostToken: room.hostToken };
}

describe('frames queued before the document has loaded', () => {
  it('keeps 1000 and handles them in order once loaded', async () => {
    const release = holdLoads();
    const { client, roomId, hostToken } = await openWhileLoading();
    client.send(syncStep1Frame());
    for (const u of typing(999)) client.send(updateFrame(u));
    await new Promise((r) => setTimeout(r, 300));
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    release();
    // Another connection, after the load, finds all 999 characters: nothing queued was lost.
    const reader = await rawConnect(server.wsUrl, `/yjs/${roomId}/pad`, { token: hostToken });
    reader.send(syncStep1Frame());
    await waitFor(() => reader.doc().getText(PAD.code).length === 999, 5000, 'every queued update applied');
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    reader.close();
    client.close();
  });

  it('closes with 4400 on the 1001st frame', async () => {
    const release = holdLoads();
    const { client } = await openWhileLoading();
    const updates = typing(1001);
    for (const u of updates) client.send(updateFrame(u));
    const closed = await client.closed;
    release();
    expect(closed).toEqual({ code: CloseCode.malformed, reason: 'too many messages before the document was ready' });
  });

  it('closes with 4400 once the queued bytes would pass 16 MiB', async () => {
    const release = holdLoads();
    const { client } = await openWhileLoading();
    // Five 3.5 MiB frames (each under the 4 MiB frame limit): the fifth would make 17.5 MiB.
    const big = new Uint8Array(3.5 * 1024 * 1024);
    let sent = 0;
    for (let i = 0; i < 5; i++, sent++) client.send(updateFrame(big));
    const closed = await client.closed;
    release();
    expect(sent).toBe(5);
    expect(closed).toEqual({ code: CloseCode.malformed, reason: 'too many messages before the document was ready' });
  });
});
