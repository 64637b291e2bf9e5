// socket.io under hostile input: WebSocket transport only, small packets, every handler wrapped
// so no payload throws past it or pollutes prototypes, and the room always from the token.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectControl, createRoom } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** A raw engine.io/socket.io v4 client: we write the packets ourselves. */
async function rawSocketIo(token: unknown, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`, { headers });
  const packets: string[] = [];
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text === '2') ws.send('3'); // ping → pong
    packets.push(text);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error('refused'), { status: res.statusCode })));
  });
  ws.send(`40${JSON.stringify({ token })}`);
  return { ws, packets, closed };
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('socket.io hardening', () => {
  it('refuses long-polling', async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBe(400);
  });

  it('answers every hostile payload with an ack, never crashes, never pollutes prototypes', async () => {
    const room = await createRoom(server.url);
    const cand = await room.join('candidate', 'Hostile');
    const raw = await rawSocketIo(cand.token);
    await until(() => raw.packets.some((p) => p.startsWith('42["room:state"')));
    const payloads = [
      'null',
      '42',
      '"x"',
      JSON.stringify('s'.repeat(10_000)),
      JSON.stringify(JSON.parse('['.repeat(500) + ']'.repeat(500))),
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      `{"roomId":"${(await createRoom(server.url)).room.id}"}`,
    ];
    let id = 0;
    for (const event of ['timer:start', 'timer:next', 'room:end', 'no-such-event']) {
      for (const payload of payloads) raw.ws.send(`42${id++}["${event}",${payload}]`);
    }
    const expected = id;
    // Every known command answered with an error ack (the candidate may run none of them).
    await until(() => raw.packets.filter((p) => p.startsWith('43')).length >= (expected * 3) / 4);
    const acks = raw.packets.filter((p) => p.startsWith('43')).map((p) => JSON.parse(p.replace(/^43\d+/, ''))[0]);
    for (const ack of acks) expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // Broken packets close that one socket only.
    raw.ws.send('42["timer:start",');
    await raw.closed;
    const ok = await connectControl(server.url, room.hostToken);
    expect(ok.state.room.status).toBe('open');
    ok.socket.close();
  });

  it('drops a socket that sends a packet over the size limit', async () => {
    const room = await createRoom(server.url);
    const raw = await rawSocketIo(room.hostToken);
    await until(() => raw.packets.some((p) => p.startsWith('42["room:state"')));
    raw.ws.send(`42["timer:start",${JSON.stringify('x'.repeat(200_000))}]`);
    expect(await raw.closed).toBeGreaterThan(0);
  });

  it('refuses handshakes and upgrades from another site (cross-site WebSocket hijacking)', async () => {
    const room = await createRoom(server.url);
    const evil = { origin: 'https://evil.example' };
    await expect(rawSocketIo(room.hostToken, evil)).rejects.toMatchObject({ status: expect.any(Number) });
    const ws = new WebSocket(`${server.wsUrl}/yjs/${room.room.id}/pad?token=${room.hostToken}`, { headers: evil });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
    // The server's own origin is fine.
    const same = await rawSocketIo(room.hostToken, { origin: server.url });
    await until(() => same.packets.some((p) => p.startsWith('42["room:state"')));
    same.ws.close();
  });
});
