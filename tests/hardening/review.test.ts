// Defects found in review, each pinned by the test that would have caught it: malformed and
// unowned upgrade paths, gapped Yjs updates, undecodable paths in logs, a second holder of a
// peer seat, and a scorecard with a flood of keys.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/wire.js';
import { MAX_STAR_CAPTURES, PAD, readScorecard } from '../../shared/schema.js';
import { api, connectProvider, createRoom, rawConnect, syncStep1Frame, updateFrame } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** Sends a raw upgrade request and returns the status line the server answers with (or '' on close). */
function rawUpgrade(path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    let data = '';
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.on('error', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve('timeout');
    });
  });
}

describe('upgrade routing', () => {
  it('answers malformed and unowned upgrade paths at once, and stays up', async () => {
    expect(await rawUpgrade('//')).toMatch(/^HTTP\/1\.1 404/);
    expect(await rawUpgrade('//[')).toMatch(/^HTTP\/1\.1 404/);
    expect(await rawUpgrade('/\\')).toMatch(/^HTTP\/1\.1 404/);
    expect(await rawUpgrade('/yjs/\\[')).toMatch(/^HTTP\/1\.1 401/);
    expect(await rawUpgrade('/anything')).toMatch(/^HTTP\/1\.1 404/);
    expect((await api(server.url, 'GET', '/healthz')).status).toBe(200);
  });
});

describe('gapped updates', () => {
  it('refuses an update whose dependencies the server lacks, and never serves what it parked', async () => {
    const room = await createRoom(server.url);
    const cand = await room.join('candidate', 'Gap');
    const local = new Y.Doc();
    const updates: Uint8Array[] = [];
    local.on('update', (u: Uint8Array) => updates.push(u));
    local.getText(PAD.code).insert(0, 'first;');
    local.getText(PAD.code).insert(6, 'PARKED');
    const client = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: cand.token });
    client.send(syncStep1Frame());
    client.send(updateFrame(updates[1]!)); // the second edit without the first
    expect((await client.closed).code).toBe(CloseCode.malformed);
    const fresh = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    expect(fresh.doc.getText(PAD.code).toString()).toBe('');
    expect(Y.encodeStateAsUpdate(fresh.doc).length).toBeLessThan(10);
    fresh.destroy();
  });
});

describe('undecodable paths', () => {
  it('answers 400, not 500, and never logs the invite in a mangled link', async () => {
    const room = await createRoom(server.url);
    const mangled = `${room.invites.candidate.token}%E0%A4`;
    const page = await fetch(`${server.url}/join/${mangled}`);
    expect(page.status).toBeLessThan(500);
    const res = await api<{ error: { code: string } }>(server.url, 'POST', '/api/rooms/%zz/join', { body: { invite: 'x', name: 'y' } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(server.logs)).not.toContain(room.invites.candidate.token.split('.')[2]);
  });
});

describe('peer seats', () => {
  it('lets one person hold a seat: a second invite for a taken seat is refused', async () => {
    const room = await createRoom(server.url, { mode: 'peer', hostName: 'Ada' });
    const b = await api(server.url, 'POST', `/api/rooms/${room.room.id}/join`, { body: { invite: room.seats!.b.token, name: 'Bea' } });
    expect(b.status).toBe(200);
    const again = await api<{ error: { code: string } }>(server.url, 'POST', `/api/rooms/${room.room.id}/join`, {
      body: { invite: room.seats!.b.token, name: 'Impostor' },
    });
    expect(again.status).toBe(409);
    // Seat A is the creator's: an invite for it cannot make a second seat-A participant.
    const fresh = await api<{ invite: { token: string } }>(server.url, 'POST', `/api/rooms/${room.room.id}/invites`, {
      token: room.hostToken,
      body: { role: 'interviewer', seat: 'a' },
    });
    const a2 = await api(server.url, 'POST', `/api/rooms/${room.room.id}/join`, { body: { invite: fresh.body.invite.token, name: 'Fake A' } });
    expect(a2.status).toBe(409);
  });
});

describe('scorecard reading', () => {
  it('reads a scorecard flooded with keys quickly, capping STAR captures', () => {
    const keys = new Map<string, unknown>();
    for (let i = 0; i < 60_000; i++) keys.set(`star:q${i}:title`, `t${i}`);
    const started = process.cpuUsage();
    const card = readScorecard({ get: (k) => keys.get(k), keys: () => keys.keys() });
    const spent = process.cpuUsage(started);
    expect(card.star).toHaveLength(MAX_STAR_CAPTURES);
    expect((spent.user + spent.system) / 1000).toBeLessThan(1000);
  });
});
