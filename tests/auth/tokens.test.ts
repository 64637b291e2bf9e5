// Must show 7: expired, forged, `alg: none`, algorithm-swapped, exp-less, invite-as-session and
// other-room tokens are refused on HTTP, on the document WebSocket and on socket.io.
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectControl, createRoom, upgradeStatus, type TestRoom } from '../helpers/clients.js';
import { startServer, TEST_SECRET, type TestServer } from '../helpers/server.js';

let server: TestServer;
let room: TestRoom;
let other: TestRoom;
let bad: Record<string, string>;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  server = await startServer();
  room = await createRoom(server.url);
  other = await createRoom(server.url);
  const claims = { room: room.room.id, role: 'interviewer', name: 'Eve', color: '#000', sub: 'eve' };
  const opts = { audience: 'duet:session', issuer: 'duet' } as const;
  const now = Math.floor(Date.now() / 1000);
  bad = {
    expired: jwt.sign({ ...claims, exp: now - 60, iat: now - 120 }, TEST_SECRET, { ...opts, algorithm: 'HS256' }),
    forged: jwt.sign(claims, 'another-secret-another-secret-another-secret', { ...opts, algorithm: 'HS256', expiresIn: 600 }),
    algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, aud: 'duet:session', iss: 'duet', exp: now + 600 })}.`,
    hs512: jwt.sign(claims, TEST_SECRET, { ...opts, algorithm: 'HS512', expiresIn: 600 }),
    noExp: jwt.sign(claims, TEST_SECRET, { ...opts, algorithm: 'HS256' }),
    inviteAsSession: room.invites.interviewer.token,
    garbage: 'a.b.c',
  };
});
afterAll(() => server.close());

describe('token checks', () => {
  it('refuses bad session tokens on the HTTP API with 401', async () => {
    for (const [kind, token] of Object.entries(bad)) {
      const res = await api<{ error: { code: string } }>(server.url, 'GET', `/api/rooms/${room.room.id}`, { token });
      expect(res.status, kind).toBe(401);
      expect(res.body.error.code, kind).toBe('unauthorized');
      const end = await api(server.url, 'POST', `/api/rooms/${room.room.id}/end`, { token });
      expect(end.status, kind).toBe(401);
    }
    const good = await api(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: room.hostToken });
    expect(good.status).toBe(200);
  });

  it('refuses bad tokens on the document WebSocket with 401', async () => {
    for (const [kind, token] of Object.entries(bad)) {
      expect(await upgradeStatus(server.wsUrl, `/yjs/${room.room.id}/pad`, { token }), kind).toBe(401);
      expect(await upgradeStatus(server.wsUrl, `/yjs/${room.room.id}/pad`, { token, viaProtocol: true }), kind).toBe(401);
    }
  });

  it('refuses bad tokens on socket.io with a clear connect_error', async () => {
    for (const [kind, token] of Object.entries({ ...bad, missing: undefined, number: 42 })) {
      const err = await connectControl(server.url, token).then(
        () => null,
        (e: Error) => e,
      );
      expect(err, kind).toBeInstanceOf(Error);
      expect(err!.message, kind).toMatch(/^unauthorized: /);
    }
  });

  it("refuses another room's token: 403 on HTTP and WebSocket", async () => {
    expect((await api(server.url, 'GET', `/api/rooms/${other.room.id}`, { token: room.hostToken })).status).toBe(403);
    expect((await api(server.url, 'POST', `/api/rooms/${other.room.id}/end`, { token: room.hostToken })).status).toBe(403);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${other.room.id}/pad`, { token: room.hostToken })).toBe(403);
    const invite = await api(server.url, 'POST', `/api/rooms/${other.room.id}/join`, {
      body: { invite: room.invites.candidate.token, name: 'Mallet' },
    });
    expect(invite.status).toBe(403);
    expect((await api(server.url, 'GET', `/api/rooms/${other.room.id}`, { token: other.hostToken })).status).toBe(200);
  });

  it("keeps a socket to its token's room: it never hears another room's timer", async () => {
    const mine = await connectControl(server.url, room.hostToken);
    const theirs = await connectControl(server.url, other.hostToken);
    let leaked = false;
    mine.socket.on('timer', () => (leaked = true));
    const heard = new Promise((resolve) => theirs.socket.once('timer', resolve));
    expect((await theirs.socket.timeout(5000).emitWithAck('timer:start')).ok).toBe(true);
    await heard;
    await new Promise((r) => setTimeout(r, 100));
    expect(leaked).toBe(false);
    mine.socket.close();
    theirs.socket.close();
  });

  it('refuses forged, expired and revoked invites with 401 and accepts a fresh one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const forgedInvite = jwt.sign({ room: room.room.id, role: 'interviewer' }, 'x'.repeat(40), {
      algorithm: 'HS256', audience: 'duet:invite', issuer: 'duet', jwtid: 'nope', expiresIn: 600,
    });
    const expiredInvite = jwt.sign({ room: room.room.id, role: 'candidate', exp: now - 5 }, TEST_SECRET, {
      algorithm: 'HS256', audience: 'duet:invite', issuer: 'duet', jwtid: 'old',
    });
    for (const invite of [forgedInvite, expiredInvite, room.hostToken]) {
      const res = await api(server.url, 'POST', `/api/rooms/${room.room.id}/join`, { body: { invite, name: 'X' } });
      expect(res.status).toBe(401);
    }
    const revoke = await api<{ revoked: number }>(server.url, 'DELETE', `/api/rooms/${room.room.id}/invites/observer`, {
      token: room.hostToken,
    });
    expect(revoke.status).toBe(200);
    expect(revoke.body.revoked).toBe(1);
    const revoked = await api(server.url, 'POST', `/api/rooms/${room.room.id}/join`, {
      body: { invite: room.invites.observer.token, name: 'Late observer' },
    });
    expect(revoked.status).toBe(401);
    const fresh = await api<{ invite: { token: string; url: string } }>(server.url, 'POST', `/api/rooms/${room.room.id}/invites`, {
      token: room.hostToken,
      body: { role: 'observer', maxUses: 1 },
    });
    expect(fresh.status).toBe(201);
    expect(fresh.body.invite.url).toContain('/join/');
    const ok = await api(server.url, 'POST', `/api/rooms/${room.room.id}/join`, { body: { invite: fresh.body.invite.token, name: 'Obs' } });
    expect(ok.status).toBe(200);
    const twice = await api(server.url, 'POST', `/api/rooms/${room.room.id}/join`, { body: { invite: fresh.body.invite.token, name: 'Obs2' } });
    expect(twice.status).toBe(401);
  });
});
