// Must show 2: a removed candidate's raw document connection receives nothing after the removal;
// their token is refused on HTTP, documents and socket.io; other people are untouched.
import { beforeAll, describe, expect, it } from 'vitest';
import { PAD } from '../../shared/schema.js';
import { CloseCode } from '../../shared/wire.js';
import { api, connectControl, connectProvider, createRoom, rawConnect, syncStep1Frame, type TestRoom } from '../helpers/clients.js';
import { useServer, waitFor } from '../helpers/server.js';
import { nextEvent, participantPath, transportsAnswer } from './helpers.js';

const { server } = useServer();
let room: TestRoom;

beforeAll(async () => {
  room = await createRoom(server.url, { hostName: 'Ivy' });
});

describe('removing a participant', () => {
  it('closes every connection of theirs within 1 s and refuses their token everywhere; others stay', async () => {
    const cand = await room.join('candidate', 'Cleo');
    const obs = await room.join('observer', 'Otto');
    const host = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const candPad = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: cand.token });
    candPad.send(syncStep1Frame());
    const obsPad = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: obs.token });
    obsPad.send(syncStep1Frame());
    const candSocket = await connectControl(server.url, cand.token);
    const obsSocket = await connectControl(server.url, obs.token);
    host.doc.getText(PAD.code).insert(0, 'before ');
    await waitFor(() => candPad.doc().getText(PAD.code).toString().includes('before'), 5000, 'candidate synced');

    const shutOut = nextEvent<{ status: string; reason: string }>(candSocket.socket, 'people:shut-out');
    const disconnected = nextEvent<string>(candSocket.socket, 'disconnect');
    const removed = await api<{ participant: { status: string } }>(server.url, 'DELETE', participantPath(room.room.id, cand.participant.id), { token: room.hostToken });
    expect(removed.status).toBe(200);
    expect(removed.body.participant.status).toBe('removed');
    const answeredAt = Date.now();
    const within1s = <T>(p: Promise<T>) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('not within 1 s')), 1000))]);
    expect((await within1s(candPad.closed)).code).toBe(CloseCode.forbidden);
    expect(await within1s(shutOut)).toMatchObject({ status: 'removed' });
    expect(await within1s(disconnected)).toBe('io server disconnect');
    expect(Date.now() - answeredAt).toBeLessThan(1000);

    // Nothing reaches the removed connection after the removal.
    const bytesAtRemoval = candPad.bytesReceived();
    host.doc.getText(PAD.code).insert(0, 'AFTER-REMOVAL ');
    await waitFor(() => obsPad.doc().getText(PAD.code).toString().includes('AFTER-REMOVAL'), 5000, 'observer still receives');
    expect(candPad.bytesReceived()).toBe(bytesAtRemoval);
    expect(candPad.doc().getText(PAD.code).toString()).not.toContain('AFTER-REMOVAL');

    // The token is refused on all three transports.
    const answers = await transportsAnswer(server, room.room.id, cand.token);
    expect(answers).toEqual({ http: 401, doc: 401, socket: expect.stringContaining('removed') });
    const command = await api(server.url, 'POST', `/api/rooms/${room.room.id}/end`, { token: cand.token });
    expect(command.status).toBe(401);

    // The others are untouched: the observer's socket still works, the host still writes.
    expect(obsSocket.socket.connected).toBe(true);
    expect(await obsSocket.socket.emitWithAck('integrity:mine')).toMatchObject({ ok: true });
    const people = await api<{ participants: { name: string; status: string }[] }>(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: room.hostToken });
    expect(people.body.participants.find((p) => p.name === 'Cleo')?.status).toBe('removed');
    expect(people.body.participants.find((p) => p.name === 'Otto')?.status).toBe('admitted');

    // A new invite brings them back as a new participant.
    const again = await room.join('candidate', 'Cleo');
    expect(again.participant.id).not.toBe(cand.participant.id);
    expect((await api(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: again.token })).status).toBe(200);

    obsPad.close();
    obsSocket.socket.close();
    host.destroy();
  });

  it('is for interviewers only, and never removes the last interviewer', async () => {
    const cand = await room.join('candidate', 'Cy');
    const obs = await room.join('observer', 'Oz');
    expect((await api(server.url, 'DELETE', participantPath(room.room.id, obs.participant.id), { token: cand.token })).status).toBe(403);
    expect((await api(server.url, 'DELETE', participantPath(room.room.id, room.participant.id), { token: room.hostToken })).status).toBe(409);
    expect((await api(server.url, 'DELETE', participantPath(room.room.id, 'no-such-person'), { token: room.hostToken })).status).toBe(404);
    // Removing twice: they are gone already.
    expect((await api(server.url, 'DELETE', participantPath(room.room.id, obs.participant.id), { token: room.hostToken })).status).toBe(200);
    expect((await api(server.url, 'DELETE', participantPath(room.room.id, obs.participant.id), { token: room.hostToken })).status).toBe(410);
    const report = await api<unknown>(server.url, 'GET', `/api/rooms/${room.room.id}/report`, { token: room.hostToken, headers: { accept: 'application/json' } });
    expect((report.body as { people: { kind: string; text: string }[] }).people).toContainEqual(expect.objectContaining({ kind: 'remove', text: 'Ivy removed Oz' }));
    const markdown = await fetch(`${server.url}/api/rooms/${room.room.id}/report`, { headers: { authorization: `Bearer ${room.hostToken}`, accept: 'text/markdown' } });
    expect(await markdown.text()).toContain('Ivy removed Cleo');
  });
});
