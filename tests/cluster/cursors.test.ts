// Cursors across processes: a client's cursor on one process shows on the others, and when that
// process dies (`kill -9`, so it says goodbye to nobody) its cursors disappear from the others
// within 15 s.
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createRoom } from '../helpers/clients.js';
import { clusterSetup, startClusterChild } from '../helpers/cluster.js';
import { waitFor, type ChildServer } from '../helpers/server.js';
import { dropTestSchemas } from '../helpers/services.js';

const children: ChildServer[] = [];
const providers: WebsocketProvider[] = [];
afterAll(async () => {
  for (const p of providers) p.destroy();
  for (const child of children) if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
  await dropTestSchemas();
});

function provide(wsUrl: string, name: string, token: string): WebsocketProvider {
  const provider = new WebsocketProvider(`${wsUrl}/yjs`, name, new Y.Doc(), {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  providers.push(provider);
  return provider;
}

describe('cursors between processes', () => {
  it("show on the other process, and a dead process's cursors go within 15 s", { timeout: 45_000 }, async () => {
    const setup = clusterSetup();
    const [one, two] = await Promise.all([startClusterChild(setup), startClusterChild(setup)]);
    children.push(one, two);
    const room = await createRoom(one.url, { title: 'Cursors' });
    const candidate = await room.join('candidate', 'Cy');
    const name = `${room.room.id}/pad`;
    const onDying = provide(one.wsUrl, name, room.hostToken);
    const watcher = provide(two.wsUrl, name, candidate.token);
    await waitFor(() => onDying.synced && watcher.synced, 8000, 'both synced');
    onDying.awareness.setLocalStateField('cursor', { anchor: 3, head: 5 });
    const remoteCursor = () => [...watcher.awareness.getStates()].find(([id, s]) => id !== watcher.awareness.clientID && s['cursor']);
    await waitFor(() => remoteCursor() !== undefined, 8000, 'the cursor on the other process');
    // The user shown is the one from the token, whatever the client claimed.
    expect(remoteCursor()![1]['user']).toMatchObject({ name: 'Interviewer' });

    one.proc.kill('SIGKILL');
    await one.exited;
    const diedAt = Date.now();
    // The watcher's own provider must not be the one dropping it: keep its connection (to the
    // live process) alive and see the server remove the state.
    await waitFor(() => remoteCursor() === undefined, 16_000, 'the dead process\'s cursor removed');
    expect(Date.now() - diedAt).toBeLessThanOrEqual(15_000);
  });
});
