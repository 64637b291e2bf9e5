// Must show 2: `kill -9` of one process while its clients type. Every edit that any client
// received is in the database; the dead process's client reconnects to another process and
// goes on, and everyone converges.
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { PAD } from '../../shared/schema.js';
import { PgStore } from '../../server/store/pg.js';
import { createRoom } from '../helpers/clients.js';
import { clusterSetup, startClusterChild } from '../helpers/cluster.js';
import { waitFor, type ChildServer } from '../helpers/server.js';
import { dropTestSchemas } from '../helpers/services.js';

const children: ChildServer[] = [];
const cleanups: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  for (const child of children) if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
  await dropTestSchemas();
});

/** y-websocket's own provider on an existing document (a reconnect elsewhere keeps the document). */
function provide(wsUrl: string, name: string, doc: Y.Doc, token: string): WebsocketProvider {
  const provider = new WebsocketProvider(`${wsUrl}/yjs`, name, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  cleanups.push(() => provider.destroy());
  return provider;
}

/** True when `stored` holds every change `doc` has from other clients (its own may be unsent). */
function holdsAllReceived(stored: Y.Doc, doc: Y.Doc): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(stored));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) {
    if (client !== doc.clientID && (have.get(client) ?? 0) < clock) return false;
  }
  return true;
}

async function storedPad(setup: ReturnType<typeof clusterSetup>, name: string): Promise<Y.Doc> {
  const store = await PgStore.connect(setup.databaseUrl, { schema: setup.schema });
  try {
    const doc = new Y.Doc();
    for (const u of await store.listUpdates(name)) Y.applyUpdate(doc, u.update);
    return doc;
  } finally {
    await store.close();
  }
}

describe('kill -9 of one process mid-typing', () => {
  it('loses nothing any client received; its clients reconnect to another process and continue', async () => {
    const setup = clusterSetup();
    const [one, two] = await Promise.all([startClusterChild(setup), startClusterChild(setup)]);
    children.push(one, two);
    const room = await createRoom(one.url, { title: 'Crash' });
    const candidate = await room.join('candidate', 'Cy');
    const name = `${room.room.id}/pad`;
    const x = new Y.Doc();
    const y = new Y.Doc();
    let xProvider = provide(one.wsUrl, name, x, room.hostToken);
    const yProvider = provide(two.wsUrl, name, y, candidate.token);
    await waitFor(() => xProvider.synced && yProvider.synced, 8000, 'both synced');

    // Both type, one character every few milliseconds; the first process dies in the middle.
    let typing = true;
    const type = async (doc: Y.Doc, ch: string) => {
      while (typing) {
        const text = doc.getText(PAD.code);
        text.insert(text.length, ch);
        await new Promise((r) => setTimeout(r, 4));
      }
    };
    const typed = [type(x, 'x'), type(y, 'y')];
    await waitFor(() => x.getText(PAD.code).toString().includes('y') && y.getText(PAD.code).toString().includes('x'), 8000, 'edits crossing processes');
    await new Promise((r) => setTimeout(r, 300));
    one.proc.kill('SIGKILL');
    await one.exited;
    typing = false;
    await Promise.all(typed);

    // Everything either client received from the other is in the database.
    await waitFor(async () => holdsAllReceived(await storedPad(setup, name), y), 8000, 'what the survivor received is stored');
    expect(holdsAllReceived(await storedPad(setup, name), x)).toBe(true);
    expect(y.getText(PAD.code).toString()).toMatch(/x/);

    // The dead process's client reconnects to the other one and goes on typing.
    xProvider.destroy();
    xProvider = provide(two.wsUrl, name, x, room.hostToken);
    await waitFor(() => xProvider.synced, 8000, 'reconnected to the second process');
    x.getText(PAD.code).insert(0, 'AFTER ');
    const same = () => x.getText(PAD.code).toString() === y.getText(PAD.code).toString();
    await waitFor(() => same() && y.getText(PAD.code).toString().startsWith('AFTER '), 8000, 'both clients converge');
    await waitFor(async () => (await storedPad(setup, name)).getText(PAD.code).toString() === y.getText(PAD.code).toString(), 8000, 'the database has it all');
  });
});
