// Size caps (4413, the room told), awareness bounded by live connections, slow consumers dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/wire.js';
import type { RoomAlert } from '../../shared/protocol.js';
import { PAD } from '../../shared/schema.js';
import { awarenessFrame, connectControl, connectProvider, createRoom, decodeFrame, rawConnect, syncStep1Frame, textUpdate, updateFrame } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ limits: { maxPadBytes: 64 * 1024, maxBufferedBytes: 256 * 1024 } });
});
afterAll(() => server.close());

describe('document size cap', () => {
  it('refuses the update that would pass the cap with 4413, tells the room, and keeps what was there', async () => {
    const room = await createRoom(server.url);
    const cand = await room.join('candidate', 'Big Paste');
    const host = await connectControl(server.url, room.hostToken);
    const alert = new Promise<RoomAlert>((resolve) => host.socket.once('alert', resolve));
    const client = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: cand.token });
    client.send(syncStep1Frame());
    client.send(updateFrame(textUpdate('small start;')));
    client.send(updateFrame(textUpdate('y'.repeat(70 * 1024))));
    expect((await client.closed).code).toBe(CloseCode.docTooLarge);
    expect(await alert).toMatchObject({ kind: 'doc-too-large', doc: 'pad', participant: { name: 'Big Paste' } });
    const fresh = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    expect(fresh.doc.getText(PAD.code).toString()).toBe('small start;');
    fresh.destroy();
    host.socket.close();
  });
});

describe('awareness bookkeeping', () => {
  it('lets one connection own at most 4 client ids and forgets them when it closes', async () => {
    const room = await createRoom(server.url);
    const client = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
    client.send(syncStep1Frame());
    const entries = Array.from({ length: 100 }, (_, i) => ({ clientId: 5000 + i, clock: 1, state: { cursor: i } }));
    client.send(awarenessFrame(entries));
    await waitFor(() => server.server.registry.loadedCount > 0, 5000, 'loaded');
    const docs = await Promise.all(server.server.registry.docsOfRoom(room.room.id));
    await waitFor(() => docs[0]!.awareness.size > 0, 5000, 'awareness applied');
    expect(docs[0]!.awareness.size).toBe(4);
    client.close();
    await waitFor(() => docs[0]!.awareness.size === 0, 5000, 'awareness cleared');
  });

  it('refuses a state over 16 KiB from a connection well within its id cap, and keeps its last good state', async () => {
    const room = await createRoom(server.url);
    const client = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
    const watcher = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
    client.send(syncStep1Frame());
    watcher.send(syncStep1Frame());
    /** A state whose JSON is exactly `bytes` long: `{"b":"zzz…"}`. */
    const sized = (bytes: number) => ({ b: 'z'.repeat(bytes - 8) });
    expect(JSON.stringify(sized(16 * 1024))).toHaveLength(16 * 1024);
    const seen = () => watcher.frames.map(decodeFrame).flatMap((f) => (f.kind === 'awareness' ? f.states : []));
    // One id only, so the 4-id cap is never in play: 16 KiB + 1 is refused, 16 KiB accepted.
    client.send(awarenessFrame([{ clientId: 77, clock: 1, state: sized(16 * 1024 + 1) }]));
    client.send(awarenessFrame([{ clientId: 77, clock: 2, state: sized(16 * 1024) }]));
    client.send(awarenessFrame([{ clientId: 77, clock: 3, state: sized(40_000) }]));
    client.send(awarenessFrame([{ clientId: 78, clock: 1, state: { cursor: 1 } }])); // a marker after them
    await waitFor(() => seen().some((s) => s.clientId === 78), 5000, 'marker relayed');
    expect(seen().filter((s) => s.clientId === 77).map((s) => s.clock)).toEqual([2]);
    const docs = await Promise.all(server.server.registry.docsOfRoom(room.room.id));
    expect(docs[0]!.awareness.size).toBe(2);
    client.close();
    watcher.close();
  });
});

describe('slow consumers', () => {
  it('drops a client that stops reading once its send buffer passes the limit', async () => {
    const room = await createRoom(server.url);
    const slow = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
    slow.send(syncStep1Frame());
    await waitFor(() => slow.frames.length > 0, 5000, 'slow synced');
    // Stop reading: the kernel buffers fill, then the server's send buffer grows.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const writer = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const before = server.server.collab.connectionCount;
    const text = writer.doc.getText(PAD.code);
    // Edits that replace each other, so the pad stays under its cap while traffic flows.
    for (let i = 0; i < 400 && server.server.collab.connectionCount === before; i++) {
      writer.doc.transact(() => {
        text.delete(0, text.length);
        text.insert(0, String(i % 10).repeat(20_000));
      });
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => server.server.collab.connectionCount === before - 1, 10_000, 'slow consumer dropped');
    expect(writer.provider.wsconnected).toBe(true);
    writer.destroy();
  });
});
