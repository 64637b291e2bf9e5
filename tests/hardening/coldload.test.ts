// 50 simultaneous first connections to a cold room load it once and converge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { connectProvider, createRoom, rawConnect, syncStep1Frame, textUpdate, updateFrame } from '../helpers/clients.js';
import { faultyStore, type FaultyStore } from '../helpers/faultyStore.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
let store: FaultyStore;
beforeAll(async () => {
  store = faultyStore();
  server = await startServer({ store });
});
afterAll(() => server.close());

describe('cold start', () => {
  it('shares one load among 50 simultaneous first connections, and they converge', async () => {
    const room = await createRoom(server.url);
    const seed = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    seed.doc.getText(PAD.code).insert(0, 'seed;');
    await new Promise((r) => setTimeout(r, 100));
    seed.destroy();
    await waitFor(() => server.server.registry.loadedCount === 0, 5000, 'unloaded');

    const loadsBefore = store.calls.loadDoc ?? 0;
    const token = (await room.join('candidate', 'Many')).token;
    const clients = await Promise.all(
      Array.from({ length: 50 }, () => rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token })),
    );
    const own = clients.map((_, i) => textUpdate(`[${i}]`, `k${i}`));
    clients.forEach((c, i) => {
      c.send(syncStep1Frame());
      c.send(updateFrame(own[i]!));
    });
    // What a client has: everything it received, plus its own edit (which is not echoed back).
    const view = (i: number) => {
      const doc = clients[i]!.doc();
      Y.applyUpdate(doc, own[i]!);
      return doc;
    };
    const complete = (doc: Y.Doc) =>
      doc.getText(PAD.code).toString() === 'seed;' && Array.from({ length: 50 }, (_, i) => doc.getText(`k${i}`).toString()).every((t, i) => t === `[${i}]`);
    await waitFor(() => clients.every((_, i) => complete(view(i))), 20_000, 'all converge');
    expect((store.calls.loadDoc ?? 0) - loadsBefore).toBe(1);
    const states = clients.map((_, i) => Y.encodeStateVector(view(i)).toString());
    expect(new Set(states).size).toBe(1);
    for (const c of clients) c.close();
  });
});
