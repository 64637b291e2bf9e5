// Must show 1: with the waiting room on, the pad is refused (403 on upgrade, no document byte)
// until an interviewer admits the person; after admission it opens; deny makes the token useless.
import { beforeAll, describe, expect, it } from 'vitest';
import type { PresentParticipant } from '../../shared/protocol.js';
import { PAD } from '../../shared/schema.js';
import { api, connectControl, connectProvider, createRoom, rawConnect, syncStep1Frame, type TestRoom } from '../helpers/clients.js';
import { useServer, waitFor } from '../helpers/server.js';
import { connectWaiting, nextEvent, participantPath, setWaitingRoom, transportsAnswer } from './helpers.js';

const { server } = useServer();
let room: TestRoom;

beforeAll(async () => {
  room = await createRoom(server.url, { hostName: 'Ivy' });
  const pad = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
  pad.doc.getText(PAD.code).insert(0, 'PAD-SECRET-42');
  await waitFor(async () => (await api(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: room.hostToken })).status === 200);
  await new Promise((r) => setTimeout(r, 200));
  pad.destroy();
});

describe('waiting room', () => {
  it('is off by default, and an interviewer turns it on', async () => {
    expect(room.room.waitingRoom).toBe(false);
    expect((await setWaitingRoom(server.url, room.hostToken, true)).waitingRoom).toBe(true);
    // Interviewers never wait.
    const colleague = await room.join('interviewer', 'Ian');
    expect(colleague.participant.status).toBe('admitted');
  });

  it('keeps a candidate out of every document until admitted, then lets them in', async () => {
    const host = await connectControl(server.url, room.hostToken);
    const knocked = nextEvent<{ participants: PresentParticipant[] }>(host.socket, 'presence');
    const cand = await room.join('candidate', 'Cleo');
    expect(cand.participant.status).toBe('waiting');
    // The interviewer sees the knock, with the name.
    expect((await knocked).participants).toContainEqual(expect.objectContaining({ id: cand.participant.id, name: 'Cleo', status: 'waiting' }));

    // Waiting: the pad upgrade is refused with 403 and its body holds no byte of the pad.
    let refusal: { status?: number; body?: string } = {};
    await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: cand.token }).then(
      (c) => c.close(),
      (err: { status: number; body: string }) => (refusal = err),
    );
    expect(refusal.status).toBe(403);
    expect(refusal.body).not.toContain('PAD-SECRET');
    expect(JSON.parse(refusal.body!).error.code).toBe('forbidden');
    // HTTP too; socket.io connects, in a waiting state without the room's state.
    expect((await api(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: cand.token })).status).toBe(403);
    const waiting = await connectWaiting(server.url, cand.token);
    expect(waiting.events).not.toContain('room:state');
    // No command of the room answers them: not the runs, not the call.
    for (const event of ['run:list', 'call:state'] as const) {
      expect(await waiting.socket.emitWithAck(event)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // Someone waiting cannot admit themselves.
    expect((await api(server.url, 'POST', participantPath(room.room.id, cand.participant.id, '/admit'), { token: cand.token })).status).toBe(403);

    const state = nextEvent<{ you: { status: string } }>(waiting.socket, 'room:state');
    const admitted = await api<{ participant: { status: string } }>(server.url, 'POST', participantPath(room.room.id, cand.participant.id, '/admit'), { token: room.hostToken });
    expect(admitted.status).toBe(200);
    expect(admitted.body.participant.status).toBe('admitted');
    // The waiting socket is let in at once, and the pad now opens with its content.
    expect((await state).you.status).toBe('admitted');
    const pad = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: cand.token });
    pad.send(syncStep1Frame());
    await waitFor(() => pad.doc().getText(PAD.code).toString().includes('PAD-SECRET-42'), 5000, 'pad content');
    pad.close();
    waiting.socket.close();
    host.socket.close();
  });

  it('makes a denied person\'s token useless on HTTP, documents and socket.io', async () => {
    const obs = await room.join('observer', 'Otto');
    const waiting = await connectWaiting(server.url, obs.token);
    const shutOut = nextEvent<{ status: string; reason: string }>(waiting.socket, 'people:shut-out');
    const gone = nextEvent<string>(waiting.socket, 'disconnect');
    expect((await api(server.url, 'POST', participantPath(room.room.id, obs.participant.id, '/deny'), { token: room.hostToken })).status).toBe(200);
    expect(await shutOut).toMatchObject({ status: 'denied' });
    expect(await gone).toBe('io server disconnect');
    const answers = await transportsAnswer(server, room.room.id, obs.token);
    expect(answers).toEqual({ http: 401, doc: 401, socket: expect.stringContaining('unauthorized') });
    // Admitting after a deny is refused: only a new invite brings them back.
    expect((await api(server.url, 'POST', participantPath(room.room.id, obs.participant.id, '/admit'), { token: room.hostToken })).status).toBe(410);
    const events = await api<{ events?: unknown }>(server.url, 'GET', `/api/rooms/${room.room.id}/replay`, { token: room.hostToken });
    expect(JSON.stringify(events.body)).toContain('"deny"');
  });
});
