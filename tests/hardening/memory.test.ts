// Bounded memory: rooms nobody is connected to are unloaded after the grace period, with their
// awareness and listeners released. Hundreds of rooms opened and closed (and a hundred failing
// loads) leave no loaded document behind, and heap and handles return near their baseline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAD } from '../../shared/schema.js';
import { awarenessFrame, connectControl, createRoom, rawConnect, syncStep1Frame, textUpdate, updateFrame } from '../helpers/clients.js';
import { faultyStore, type FaultyStore } from '../helpers/faultyStore.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
let store: FaultyStore;
beforeAll(async () => {
  store = faultyStore();
  server = await startServer({ store, unloadGraceMs: 50, limits: { rateLimits: { windowMs: 60_000, createRooms: 10_000, redeemInvites: 10_000, failedRequests: 10_000 } } });
});
afterAll(() => server.close());

function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}

async function openAndCloseRooms(count: number) {
  for (let batch = 0; batch < count; batch += 25) {
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        const room = await createRoom(server.url);
        const pad = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
        const notes = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: room.hostToken });
        const control = await connectControl(server.url, room.hostToken);
        pad.send(syncStep1Frame());
        pad.send(updateFrame(textUpdate('x'.repeat(2000), PAD.code)));
        pad.send(awarenessFrame([{ clientId: 42, clock: 1, state: { cursor: 1 } }]));
        notes.send(updateFrame(textUpdate('note', 'notes')));
        await waitFor(() => pad.frames.length > 0, 5000, 'synced');
        pad.close();
        notes.close();
        control.socket.close();
        await Promise.all([pad.closed, notes.closed]);
      }),
    );
  }
}

describe('bounded memory', () => {
  it('returns to zero loaded documents, and heap and handles near baseline, after hundreds of rooms', async () => {
    // Warm up (module caches, JIT, prepared statements) before taking the baseline.
    await openAndCloseRooms(25);
    await waitFor(() => server.server.registry.loadedCount === 0, 10_000, 'warm-up unloaded');
    gc();
    const baseHeap = process.memoryUsage().heapUsed;
    const baseHandles = process.getActiveResourcesInfo().length;

    await openAndCloseRooms(300);
    // A hundred failing loads: each connection is closed, nothing stays behind.
    store.failing.loadDoc = true;
    const room = await createRoom(server.url);
    for (let i = 0; i < 100; i++) {
      const c = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
      expect((await c.closed).code).toBe(4500);
    }
    store.failing.loadDoc = false;

    await waitFor(
      () => server.server.registry.loadedCount === 0 && server.server.collab.connectionCount === 0,
      15_000,
      'everything unloaded',
    );
    await waitFor(() => server.server.rooms.presence.roomCount === 0, 5000, 'presence empty');
    await new Promise((r) => setTimeout(r, 300));
    gc();
    const heapGrowth = process.memoryUsage().heapUsed - baseHeap;
    const handleGrowth = process.getActiveResourcesInfo().length - baseHandles;
    expect(heapGrowth, `heap grew by ${(heapGrowth / 1e6).toFixed(1)} MB`).toBeLessThan(25e6);
    expect(handleGrowth).toBeLessThan(20);
  }, 180_000);
});
