// The HTTP API: room creation, joining, reading, invites, end, health and error shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateRoomResponse, JoinResponse, RoomDetails } from '../../shared/protocol.js';
import { api, connectControl, createRoom } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
let keyed: TestServer;
beforeAll(async () => {
  server = await startServer();
  keyed = await startServer({ createKey: 'let-me-create-rooms' });
});
afterAll(async () => {
  await server.close();
  await keyed.close();
});

describe('POST /api/rooms', () => {
  it('creates a room with defaults, an interviewer session and three invite links', async () => {
    const res = await api<CreateRoomResponse>(server.url, 'POST', '/api/rooms');
    expect(res.status).toBe(201);
    const { room, hostToken, invites, participant } = res.body;
    expect(room).toMatchObject({ title: 'Interview', mode: 'interview', status: 'open' });
    expect(room.id).toMatch(/^[A-Za-z0-9_-]{22}$/); // 16 random bytes, base64url
    expect(room.agenda.length).toBeGreaterThan(0);
    expect(participant.role).toBe('interviewer');
    expect(hostToken.split('.')).toHaveLength(3);
    for (const role of ['interviewer', 'candidate', 'observer'] as const) {
      expect(invites[role].url).toBe(`http://localhost:${server.port}/join/${invites[role].token}`);
      expect(invites[role].expiresAt).toBeGreaterThan(Date.now() + 6 * 86400_000);
    }
  });

  it('takes a title, mode, agenda and host name, and validates them', async () => {
    const agenda = [{ name: 'Coding', minutes: 40, kind: 'coding' }];
    const res = await api<CreateRoomResponse>(server.url, 'POST', '/api/rooms', {
      body: { title: '  Backend\u0000 round ', mode: 'peer', agenda, hostName: 'Ada' },
    });
    expect(res.status).toBe(201);
    expect(res.body.room).toMatchObject({ title: 'Backend round', mode: 'peer', agenda });
    expect(res.body.participant.name).toBe('Ada');
    for (const body of [{ mode: 'chaos' }, { agenda: [] }, { agenda: [{ name: 'x', minutes: -1 }] }, { extra: 1 }, [1, 2]]) {
      const bad = await api<{ error: { code: string; message: string } }>(server.url, 'POST', '/api/rooms', { body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.error.code).toBe('bad_request');
    }
  });

  it('needs the create key when one is configured', async () => {
    expect((await api(keyed.url, 'POST', '/api/rooms')).status).toBe(401);
    expect((await api(keyed.url, 'POST', '/api/rooms', { token: 'wrong' })).status).toBe(401);
    expect((await api(keyed.url, 'POST', '/api/rooms', { token: 'let-me-create-rooms' })).status).toBe(201);
  });

  it('answers 415 for a non-JSON body, 400 for broken JSON, 413 for a huge body, 404 for unknown routes', async () => {
    const text = await api<{ error: { code: string } }>(server.url, 'POST', '/api/rooms', {
      body: 'title=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
    const broken = await api(server.url, 'POST', '/api/rooms', { body: '{"title":' });
    expect(broken.status).toBe(400);
    const huge = await api<{ error: { code: string; message: string } }>(server.url, 'POST', '/api/rooms', {
      body: JSON.stringify({ title: 'x'.repeat(400_000) }),
    });
    expect(huge.status).toBe(413);
    expect(JSON.stringify(huge.body)).not.toMatch(/at .*\.ts/); // no stack traces
    expect((await api(server.url, 'GET', '/api/nothing')).status).toBe(404);
  });
});

describe('joining and reading a room', () => {
  it('swaps an invite for a session, normalising the name', async () => {
    const room = await createRoom(server.url);
    const res = await api<JoinResponse>(server.url, 'POST', `/api/rooms/${room.room.id}/join`, {
      body: { invite: room.invites.candidate.token, name: '  Grace \u202EHopper\u0007 ' },
    });
    expect(res.status).toBe(200);
    expect(res.body.participant).toMatchObject({ name: 'Grace Hopper', role: 'candidate' });
    for (const name of ['', '   ', '\u200B\u202E']) {
      const bad = await api(server.url, 'POST', `/api/rooms/${room.room.id}/join`, { body: { invite: room.invites.candidate.token, name } });
      expect(bad.status).toBe(400);
    }
    const inspect = await api<{ role: string; room: { id: string } }>(server.url, 'POST', '/api/invites/inspect', {
      body: { invite: room.invites.observer.token },
    });
    expect(inspect.body).toMatchObject({ role: 'observer', room: { id: room.room.id, status: 'open' } });
    expect((await api(server.url, 'POST', '/api/invites/inspect', { body: { invite: 'garbage' } })).status).toBe(401);
  });

  it('shows the room, timer and who is online with which role', async () => {
    const room = await createRoom(server.url, { hostName: 'Ivan' });
    const cand = await room.join('candidate', 'Cat');
    const control = await connectControl(server.url, cand.token);
    await waitFor(async () => {
      const res = await api<RoomDetails>(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: room.hostToken });
      return res.body.participants.some((p) => p.name === 'Cat' && p.online);
    }, 5000, 'candidate online');
    const res = await api<RoomDetails>(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: cand.token });
    expect(res.status).toBe(200);
    expect(res.body.you).toMatchObject({ name: 'Cat', role: 'candidate' });
    expect(res.body.timer.status).toBe('idle');
    expect(res.body.participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Ivan', role: 'interviewer', online: false }),
        expect.objectContaining({ name: 'Cat', role: 'candidate', online: true }),
      ]),
    );
    control.socket.close();
    await waitFor(async () => {
      const r = await api<RoomDetails>(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: room.hostToken });
      return r.body.participants.every((p) => !p.online);
    }, 5000, 'candidate away');
  });

  it('keeps invites and ending to interviewers', async () => {
    const room = await createRoom(server.url);
    const cand = await room.join('candidate', 'C');
    const obs = await room.join('observer', 'O');
    for (const token of [cand.token, obs.token]) {
      expect((await api(server.url, 'POST', `/api/rooms/${room.room.id}/invites`, { token, body: { role: 'interviewer' } })).status).toBe(403);
      expect((await api(server.url, 'DELETE', `/api/rooms/${room.room.id}/invites/candidate`, { token })).status).toBe(403);
      expect((await api(server.url, 'POST', `/api/rooms/${room.room.id}/end`, { token })).status).toBe(403);
    }
    const bad = await api(server.url, 'POST', `/api/rooms/${room.room.id}/invites`, { token: room.hostToken, body: { role: 'admin' } });
    expect(bad.status).toBe(400);
    const ended = await api<{ room: { status: string; endedAt: number } }>(server.url, 'POST', `/api/rooms/${room.room.id}/end`, {
      token: room.hostToken,
    });
    expect(ended.body.room.status).toBe('ended');
    const details = await api<RoomDetails>(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: cand.token });
    expect(details.body.timer.status).toBe('stopped');
    // The interviewer may still join an ended room (to read it), a candidate may not.
    const late = await api(server.url, 'POST', `/api/rooms/${room.room.id}/join`, { body: { invite: room.invites.interviewer.token, name: 'Panel' } });
    expect(late.status).toBe(200);
    const inspect = await api(server.url, 'POST', '/api/invites/inspect', { body: { invite: room.invites.candidate.token } });
    expect(inspect.status).toBe(410);
  });
});

describe('health, pages and logs', () => {
  it('answers /healthz and serves pages with a CSP and no referrer', async () => {
    expect((await api(server.url, 'GET', '/healthz')).status).toBe(200);
    const page = await fetch(`${server.url}/join/some-invite-token`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('never logs tokens or invite codes', async () => {
    const room = await createRoom(server.url);
    await fetch(`${server.url}/join/${room.invites.candidate.token}`);
    await api(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: room.hostToken });
    const text = JSON.stringify(server.logs);
    expect(text).toContain('/join/:invite');
    for (const secret of [room.hostToken, room.invites.candidate.token, room.invites.interviewer.token]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.split('.')[2]!);
    }
  });
});
