// Store failures (disk full, I/O error): no ack and no relay, the document stays in memory,
// /healthz turns 503, and writes resume — and get acknowledged — when the store recovers.
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { api, connectProvider, createRoom, rawConnect, syncStep1Frame, updateFrame } from '../helpers/clients.js';
import { faultyStore, type FaultyStore } from '../helpers/faultyStore.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
let store: FaultyStore;
beforeAll(async () => {
  store = faultyStore();
  server = await startServer({ store });
});
afterAll(() => server.close());

function storedAcks(frames: Uint8Array[]): Map<number, number>[] {
  return frames.flatMap((f) => {
    const d = decoding.createDecoder(f);
    return decoding.readVarUint(d) === 100 ? [Y.decodeStateVector(decoding.readVarUint8Array(d))] : [];
  });
}

describe('store failures', () => {
  it('holds updates in memory without acking or relaying them, reports 503, and recovers', async () => {
    const room = await createRoom(server.url);
    const cand = await room.join('candidate', 'Disk');
    const reader = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const writer = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: cand.token, viaProtocol: true });
    writer.send(syncStep1Frame());
    await waitFor(() => storedAcks(writer.frames).length > 0, 5000, 'initial ack');

    const local = new Y.Doc();
    local.getText(PAD.code).insert(0, 'before;');
    writer.send(updateFrame(Y.encodeStateAsUpdate(local)));
    await waitFor(() => reader.doc.getText(PAD.code).toString() === 'before;', 5000, 'relayed');
    await waitFor(() => (storedAcks(writer.frames).at(-1)?.get(local.clientID) ?? 0) === 7, 5000, 'acked');

    store.failing.appendUpdates = true;
    const sv = Y.encodeStateVector(local);
    local.getText(PAD.code).insert(7, 'during;');
    const acksBefore = storedAcks(writer.frames).length;
    writer.send(updateFrame(Y.encodeStateAsUpdate(local, sv)));
    await waitFor(async () => (await api(server.url, 'GET', '/healthz')).status === 503, 5000, 'healthz 503');
    await new Promise((r) => setTimeout(r, 300));
    expect(reader.doc.getText(PAD.code).toString()).toBe('before;');
    expect(storedAcks(writer.frames)).toHaveLength(acksBefore);
    // Still in memory: the live document holds the edit.
    const [doc] = await Promise.all(server.server.registry.docsOfRoom(room.room.id));
    expect(doc!.ydoc.getText(PAD.code).toString()).toBe('before;during;');

    store.failing.appendUpdates = false;
    await waitFor(() => reader.doc.getText(PAD.code).toString() === 'before;during;', 10_000, 'relayed after recovery');
    await waitFor(() => (storedAcks(writer.frames).at(-1)?.get(local.clientID) ?? 0) === 14, 5000, 'acked after recovery');
    await waitFor(async () => (await api(server.url, 'GET', '/healthz')).status === 200, 5000, 'healthy again');
    const log = await store.listUpdates(`${room.room.id}/pad`);
    const replay = new Y.Doc();
    for (const entry of log) Y.applyUpdate(replay, entry.update);
    expect(replay.getText(PAD.code).toString()).toBe('before;during;');
    writer.close();
    reader.destroy();
  });

  it('closes connections with 4500 when a document cannot be loaded, and loads it on the next try', async () => {
    const room = await createRoom(server.url);
    store.failing.loadDoc = true;
    const failed = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
    expect((await failed.closed).code).toBe(4500);
    store.failing.loadDoc = false;
    const ok = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    expect(ok.provider.synced).toBe(true);
    ok.destroy();
  });
});
