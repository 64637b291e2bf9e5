// HTTP hardening: rate limits (429), X-Forwarded-For only behind a configured proxy, weak secrets
// refused at start, security headers on every page.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoom } from '../helpers/clients.js';
import { ensureServerBuilt, serverBundlePath } from '../../scripts/server-build.mjs';
import { ROOT, startServer, tempDir, type TestServer } from '../helpers/server.js';

const run = promisify(execFile);
const tight = { windowMs: 60_000, createRooms: 3, redeemInvites: 4, failedRequests: 5 };

describe('rate limits', () => {
  let server: TestServer;
  let proxied: TestServer;
  beforeAll(async () => {
    server = await startServer({ limits: { rateLimits: tight } });
    proxied = await startServer({ limits: { rateLimits: tight }, trustProxy: 1 });
  });
  afterAll(async () => {
    await server.close();
    await proxied.close();
  });

  it('limits room creation per address', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await api(server.url, 'POST', '/api/rooms')).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const body = await api<{ error: { code: string } }>(server.url, 'POST', '/api/rooms');
    expect(body.body.error.code).toBe('rate_limited');
  });

  it('limits failed lookups (token and invite guessing), and ignores a forged X-Forwarded-For without a proxy', async () => {
    const server = await startServer({ limits: { rateLimits: tight } });
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      const res = await api(server.url, 'GET', `/api/rooms/guess${i}`, { token: 'guess', headers: { 'x-forwarded-for': `10.0.0.${i}` } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    await server.close();
  });

  it('uses X-Forwarded-For when a proxy is configured', async () => {
    const room = await createRoom(proxied.url);
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const res = await api(proxied.url, 'POST', `/api/rooms/${room.room.id}/join`, {
        body: { invite: room.invites.candidate.token, name: 'n' },
        headers: { 'x-forwarded-for': i < 5 ? '203.0.113.1' : '203.0.113.2' },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 200]);
  });
});

describe('start-up checks', () => {
  it('refuses to start with a weak configured secret', async () => {
    // The process `npm start` runs: the server bundle.
    await ensureServerBuilt(ROOT);
    const failure = await run(process.execPath, [serverBundlePath(ROOT)], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DUET_DATA_DIR: tempDir(), DUET_JWT_SECRET: 'hunter2' },
    }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(78);
    expect(failure?.stderr).toContain('DUET_JWT_SECRET must be at least 32 characters');
    const repetitive = await run(process.execPath, [serverBundlePath(ROOT)], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', DUET_DATA_DIR: tempDir(), DUET_JWT_SECRET: 'a'.repeat(40) },
    }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(repetitive?.stderr).toContain('too repetitive');
  });

  it('puts security headers on pages and API answers', async () => {
    const server = await startServer();
    for (const p of ['/', '/r/some-room', '/api/nothing', '/healthz']) {
      const res = await fetch(server.url + p);
      expect(res.headers.get('content-security-policy'), p).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), p).toBe('no-referrer');
      expect(res.headers.get('x-powered-by'), p).toBeNull();
    }
    await server.close();
  });
});
