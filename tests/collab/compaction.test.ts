// Documents load on first connection, unload a grace period after the last one leaves, and are
// compacted into a snapshot plus a short tail — while the full log stays for replay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { connectProvider, createRoom } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ compactEvery: 50, unloadGraceMs: 300 });
});
afterAll(() => server.close());

describe('compaction and unloading', () => {
  it('keeps the tail short while loaded, snapshots on unload, and keeps every update in the log', async () => {
    const room = await createRoom(server.url);
    const name = `${room.room.id}/pad`;
    const writer = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const text = writer.doc.getText(PAD.code);
    for (let i = 0; i < 220; i++) {
      text.insert(text.length, `${i};`);
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(async () => (await server.server.store.listUpdates(name)).length >= 220, 5000, 'all stored');
    await waitFor(async () => (await server.server.store.loadDoc(name)).tail.length < 50, 5000, 'compacted while loaded');
    expect((await server.server.store.loadDoc(name)).snapshot).not.toBeNull();

    writer.destroy();
    await waitFor(() => server.server.registry.loadedCount === 0, 5000, 'unloaded after grace');
    const stored = await server.server.store.loadDoc(name);
    expect(stored.tail).toHaveLength(0);
    const fromSnapshot = new Y.Doc();
    Y.applyUpdate(fromSnapshot, stored.snapshot!);
    expect(fromSnapshot.getText(PAD.code).toString()).toBe(text.toString());
    // The full log remains, with authors, for replay.
    const log = await server.server.store.listUpdates(name);
    expect(log.length).toBeGreaterThanOrEqual(220);
    expect(new Set(log.map((u) => u.author))).toEqual(new Set([room.participant.id]));

    const reader = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    expect(reader.doc.getText(PAD.code).toString()).toBe(text.toString());
    reader.destroy();
  });
});
