// Private links: an interviewer (or a peer) gets a link back into their room as the same
// participant; its key (in the URL fragment) is exchanged for a fresh session, and nothing else.
import { describe, expect, it } from 'vitest';
import type { JoinResponse, PrivateLink } from '../../shared/protocol.js';
import { api, createRoom } from '../helpers/clients.js';
import { recordSecret, useServer } from '../helpers/server.js';

const { server } = useServer();

const keyOf = (link: PrivateLink): string => new URL(link.url).hash.replace(/^#key=/, '');

describe('private links', () => {
  it('give the interviewer a fresh session as the same participant, the key only in the fragment', async () => {
    const room = await createRoom(server.url, { hostName: 'Ines' });
    const res = await api<PrivateLink>(server.url, 'POST', `/api/rooms/${room.room.id}/private-link`, { token: room.hostToken });
    expect(res.status).toBe(200);
    const url = new URL(res.body.url);
    expect(url.pathname).toBe(`/r/${room.room.id}`);
    expect(url.search).toBe('');
    const key = keyOf(res.body);
    recordSecret(key);
    expect(key.split('.')).toHaveLength(3);
    expect(res.body.expiresAt).toBeGreaterThan(Date.now() + 86400_000);

    const back = await api<JoinResponse>(server.url, 'POST', `/api/rooms/${room.room.id}/rejoin`, { body: { key } });
    expect(back.status).toBe(200);
    recordSecret(back.body.token);
    expect(back.body.participant).toMatchObject({ id: room.participant.id, name: 'Ines', role: 'interviewer' });
    const details = await api<{ you: { id: string } }>(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: back.body.token });
    expect(details.body.you.id).toBe(room.participant.id);
  });

  it('are refused to candidates and observers; a key is not a session, and a session is not a key', async () => {
    const room = await createRoom(server.url);
    for (const role of ['candidate', 'observer'] as const) {
      const joined = await room.join(role);
      const res = await api<{ error: { code: string } }>(server.url, 'POST', `/api/rooms/${room.room.id}/private-link`, { token: joined.token });
      expect(res.status).toBe(403);
    }
    const link = await api<PrivateLink>(server.url, 'POST', `/api/rooms/${room.room.id}/private-link`, { token: room.hostToken });
    const key = keyOf(link.body);
    recordSecret(key);
    expect((await api(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: key })).status).toBe(401);
    expect((await api(server.url, 'POST', `/api/rooms/${room.room.id}/rejoin`, { body: { key: room.hostToken } })).status).toBe(401);
    expect((await api(server.url, 'POST', `/api/rooms/${room.room.id}/rejoin`, { body: { key: room.invites.interviewer.token } })).status).toBe(401);
    const bad = await api<{ error: { code: string } }>(server.url, 'POST', `/api/rooms/${room.room.id}/rejoin`, { body: { key: 'nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('unauthorized');
    expect((await api(server.url, 'POST', `/api/rooms/${room.room.id}/rejoin`, { body: {} })).status).toBe(400);
  });

  it('belong to their room', async () => {
    const [a, b] = await Promise.all([createRoom(server.url), createRoom(server.url)]);
    const link = await api<PrivateLink>(server.url, 'POST', `/api/rooms/${a.room.id}/private-link`, { token: a.hostToken });
    const key = keyOf(link.body);
    recordSecret(key);
    const res = await api(server.url, 'POST', `/api/rooms/${b.room.id}/rejoin`, { body: { key } });
    expect(res.status).toBe(403);
  });

  it('work for both peers of a peer mock, each as their own seat', async () => {
    const room = await createRoom(server.url, { mode: 'peer', hostName: 'Ada' });
    const bee = await room.join('candidate', 'Bee');
    const link = await api<PrivateLink>(server.url, 'POST', `/api/rooms/${room.room.id}/private-link`, { token: bee.token });
    expect(link.status).toBe(200);
    const key = keyOf(link.body);
    recordSecret(key);
    const back = await api<JoinResponse>(server.url, 'POST', `/api/rooms/${room.room.id}/rejoin`, { body: { key } });
    recordSecret(back.body.token);
    expect(back.body.participant).toMatchObject({ id: bee.participant.id, seat: 'b' });
  });
});
