// Bounded memory, measured where it matters: in the server's own process (a child, as `npm start`
// runs it), read over its V8 inspector after full collections — not in the test worker, which also
// holds the clients. Hundreds of rooms, each with a 20 KB pad, notes, a cursor and a control
// socket, opened and closed: afterwards no document is loaded, no connection is left, and the
// heap is within 3 MB of its baseline. A document kept per room (≈ 300 × 20 KB of text alone)
// would pass that by far. Failing loads leave nothing behind either (in-process, where the store
// can be made to fail).
import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PAD } from '../../shared/schema.js';
import type { CreateRoomResponse } from '../../shared/protocol.js';
import { awarenessFrame, connectControl, createRoom, rawConnect, syncStep1Frame, textUpdate, updateFrame } from '../helpers/clients.js';
import { faultyStore } from '../helpers/faultyStore.js';
import { recordSecret, startChildServer, startServer, tempDir, waitFor, type ChildServer } from '../helpers/server.js';

const children: ChildServer[] = [];
afterAll(() => {
  for (const c of children) c.proc.kill('SIGKILL');
});

/** Runs an expression in the server process over its inspector; resolves with its value. */
async function evaluate(child: ChildServer, expression: string): Promise<number> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(child.output())?.[1];
  if (!url) throw new Error('the server has no inspector');
  const ws = new WebSocket(url);
  try {
    return await new Promise<number>((resolve, reject) => {
      ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, returnByValue: true } })));
      ws.on('message', (data: Buffer) => {
        const reply = JSON.parse(data.toString()) as { id?: number; result?: { result: { value: number } } };
        if (reply.id === 1) resolve(reply.result!.result.value);
      });
      ws.once('error', reject);
    });
  } finally {
    ws.close();
  }
}

const heapAfterGc = (child: ChildServer) => evaluate(child, '(gc(), gc(), process.memoryUsage().heapUsed)');

/** A gauge of the server's /metrics (served to loopback), summed over its labels. */
async function gauge(child: ChildServer, name: string): Promise<number> {
  const text = await (await fetch(`${child.url}/metrics`)).text();
  const lines = text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  if (lines.length === 0) throw new Error(`no ${name} in /metrics`);
  return lines.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

/** Creates a room from a given loopback address: the per-address creation limit allows 60 in 10 min. */
function createRoomFrom(child: ChildServer, localAddress: string): Promise<CreateRoomResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${child.url}/api/rooms`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(body) as CreateRoomResponse) : reject(new Error(`create: ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

let roomsMade = 0;
async function openAndCloseRooms(child: ChildServer, count: number) {
  for (let batch = 0; batch < count; batch += 25) {
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        const room = await createRoomFrom(child, `127.0.0.${2 + Math.floor(roomsMade++ / 50)}`);
        recordSecret(room.hostToken);
        const pad = await rawConnect(child.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken, viaProtocol: true });
        const notes = await rawConnect(child.wsUrl, `/yjs/${room.room.id}/notes`, { token: room.hostToken, viaProtocol: true });
        const control = await connectControl(child.url, room.hostToken);
        pad.send(syncStep1Frame());
        pad.send(updateFrame(textUpdate(`${room.room.id}:`.repeat(2000).slice(0, 20_000), PAD.code)));
        pad.send(awarenessFrame([{ clientId: 42, clock: 1, state: { cursor: 1 } }]));
        notes.send(updateFrame(textUpdate('note '.repeat(400), 'notes')));
        await waitFor(() => pad.frames.length > 1, 10_000, 'synced and stored');
        pad.close();
        notes.close();
        control.socket.close();
        await Promise.all([pad.closed, notes.closed]);
      }),
    );
  }
}

async function settled(child: ChildServer) {
  await waitFor(
    async () => (await gauge(child, 'duet_documents_loaded')) === 0 && (await gauge(child, 'duet_connections')) === 0,
    20_000,
    'every document unloaded and every connection gone',
  );
}

describe('bounded memory', () => {
  it("returns the server process's heap to its baseline after 300 rooms, with no document loaded", async () => {
    const child = await startChildServer(tempDir(), { DUET_UNLOAD_GRACE_MS: '50', DUET_IDLE_COLLECT_MS: '0' }, ['--expose-gc', '--inspect=127.0.0.1:0']);
    children.push(child);
    // Warm up (module caches, JIT, prepared statements, socket.io's first sockets).
    await openAndCloseRooms(child, 50);
    await settled(child);
    const baseHeap = await heapAfterGc(child);

    await openAndCloseRooms(child, 300);
    await settled(child);
    const growth = (await heapAfterGc(child)) - baseHeap;
    expect(growth, `server heap grew by ${(growth / 1e6).toFixed(2)} MB`).toBeLessThan(3e6);
    child.proc.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  }, 240_000);

  it('leaves no loaded document or connection behind after a hundred failing loads', async () => {
    const store = faultyStore();
    const server = await startServer({ store, unloadGraceMs: 50 });
    const room = await createRoom(server.url);
    store.failing.loadDoc = true;
    for (let i = 0; i < 100; i++) {
      const c = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
      expect((await c.closed).code).toBe(4500);
    }
    store.failing.loadDoc = false;
    await waitFor(() => server.server.registry.loadedCount === 0 && server.server.collab.connectionCount === 0, 10_000, 'nothing left');
    await server.close();
  });
});
