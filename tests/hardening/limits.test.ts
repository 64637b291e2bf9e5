// Size caps (4413, the room told), awareness bounded by live connections, slow consumers dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/wire.js';
import type { RoomAlert } from '../../shared/protocol.js';
import { PAD } from '../../shared/schema.js';
import { awarenessFrame, connectControl, connectProvider, createRoom, rawConnect, syncStep1Frame, textUpdate, updateFrame } from '../helpers/clients.js';
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
  it('lets one connection own at most a few client ids and forgets them when it closes', async () => {
    const room = await createRoom(server.url);
    const client = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
    client.send(syncStep1Frame());
    const entries = Array.from({ length: 100 }, (_, i) => ({ clientId: 5000 + i, clock: 1, state: { cursor: i } }));
    client.send(awarenessFrame(entries));
    client.send(awarenessFrame([{ clientId: 1, clock: 1, state: { blob: 'z'.repeat(40_000) } }]));
    await new Promise((r) => setTimeout(r, 200));
    const docs = await Promise.all(server.server.registry.docsOfRoom(room.room.id));
    expect(docs[0]!.awareness.size).toBe(4);
    client.close();
    await waitFor(() => docs[0]!.awareness.size === 0, 5000, 'awareness cleared');
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
