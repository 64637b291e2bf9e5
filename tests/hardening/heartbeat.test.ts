// A client that vanishes without closing its socket (a closed laptop, a dropped network) must not
// hold its document and its room forever: the server pings every document connection and drops
// one that stopped answering. Clients that answer — browsers do by themselves — stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom, rawConnect } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

const PING_MS = 150;
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ docPingMs: PING_MS, unloadGraceMs: 0 });
});
afterAll(() => server.close());

describe('document connection heartbeat', () => {
  it('drops a connection that stops answering pings and keeps one that answers', async () => {
    const room = await createRoom(server.url);
    const cand = await room.join('candidate', 'Gone');
    const path = `/yjs/${room.room.id}/pad`;
    const answering = await rawConnect(server.wsUrl, path, { token: room.hostToken });
    const silent = await rawConnect(server.wsUrl, path, { token: cand.token, autoPong: false });
    let pings = 0;
    answering.ws.on('ping', () => pings++);
    await waitFor(() => server.server.collab.connectionCount === 2, 5000, 'both connected');

    const closed = await Promise.race([silent.closed, new Promise<null>((r) => setTimeout(() => r(null), 20 * PING_MS))]);
    // Dropped without a close handshake: the client sees an abnormal closure.
    expect(closed?.code).toBe(1006);
    expect(server.server.collab.connectionCount).toBe(1);
    expect(server.logs.some((l) => l['msg'] === 'dropping a document connection that stopped answering pings')).toBe(true);

    // The answering one outlives several more rounds of pings.
    const before = pings;
    await waitFor(() => pings >= before + 3, 20 * PING_MS, 'three more pings');
    expect(answering.ws.readyState).toBe(answering.ws.OPEN);
    expect(server.server.collab.connectionCount).toBe(1);

    // With its last connection gone the document unloads (its grace period is 0 here).
    answering.close();
    await waitFor(() => server.server.registry.loadedCount === 0, 5000, 'document unloaded');
  });
});
