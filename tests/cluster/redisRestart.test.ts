// Must show 3: Redis restarted in the middle of a session (a Redis of this test's own, so no other
// test loses its own). While it is away both processes go on storing; once it is back, every
// process and every client has every edit, and the control plane carries commands again.
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startOwnRedis, type OwnRedis } from '../../scripts/services.mjs';
import { PAD } from '../../shared/schema.js';
import { connectControl, connectProvider, createRoom } from '../helpers/clients.js';
import { clusterSetup, startClusterServer } from '../helpers/cluster.js';
import { waitFor, type TestServer } from '../helpers/server.js';
import { dropTestSchemas } from '../helpers/services.js';
import { ack } from '../flow/helpers.js';

let redis: OwnRedis | null = null;
const servers: TestServer[] = [];
const closers: (() => void)[] = [];
afterAll(async () => {
  for (const close of closers) close();
  await Promise.all(servers.map((s) => s.close()));
  await redis?.cleanup();
  await dropTestSchemas();
});

describe('Redis restarted mid-session', () => {
  it('after it is back, every process and client has every edit', async () => {
    redis = await startOwnRedis();
    const setup = clusterSetup(redis.url);
    servers.push(await startClusterServer(setup), await startClusterServer(setup));
    const [a, b] = servers as [TestServer, TestServer];
    const room = await createRoom(a.url, { title: 'Outage' });
    const candidate = await room.join('candidate', 'Cy');
    const id = room.room.id;
    const x = await connectProvider(a.wsUrl, id, 'pad', room.hostToken);
    const y = await connectProvider(b.wsUrl, id, 'pad', candidate.token);
    closers.push(() => x.destroy(), () => y.destroy());
    const text = (doc: Y.Doc) => doc.getText(PAD.code).toString();
    x.doc.getText(PAD.code).insert(0, 'before ');
    await waitFor(() => text(y.doc) === 'before ', 5000, 'relayed before the outage');

    await redis.stop();
    // Both go on while Redis is away: each process stores its own client's edits.
    for (let i = 0; i < 20; i++) {
      x.doc.getText(PAD.code).insert(text(x.doc).length, 'x');
      y.doc.getText(PAD.code).insert(0, 'y');
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 500));
    await redis.start();

    // Back: the processes catch up from the database; both clients end with every edit.
    const all = (doc: Y.Doc) => (text(doc).match(/x/g) ?? []).length === 20 && (text(doc).match(/y/g) ?? []).length === 20;
    await waitFor(() => all(x.doc) && all(y.doc) && text(x.doc) === text(y.doc), 15_000, 'both clients have every edit');
    for (const server of servers) {
      const [doc] = await Promise.all(server.server.registry.docsOfRoom(id));
      expect(text(doc!.ydoc)).toBe(text(x.doc));
    }
    // New edits and commands flow again through Redis.
    y.doc.getText(PAD.code).insert(0, 'again ');
    await waitFor(() => text(x.doc).startsWith('again '), 8000, 'relayed after the outage');
    const host = await connectControl(a.url, room.hostToken);
    const cand = await connectControl(b.url, candidate.token);
    closers.push(() => host.socket.close(), () => cand.socket.close());
    let seen = false;
    cand.socket.once('timer', () => (seen = true));
    expect(await ack(host.socket, 'timer:start')).toMatchObject({ ok: true });
    // Over the adapter, or, when its reader missed it while reconnecting, from the periodic check.
    await waitFor(() => seen, 8000, 'the timer reached the candidate on the other process');
    // Its waits add up to more than the default 20 s when the machine is busy.
  }, 60_000);
});
