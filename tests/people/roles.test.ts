// Must show 3: demoting an interviewer who has notes open closes that connection with 4403 and
// reopening is refused; promoting an observer lets them open notes and drive the timer; demoting
// the last interviewer is refused with 409.
import { beforeAll, describe, expect, it } from 'vitest';
import { NOTES, PAD } from '../../shared/schema.js';
import { CloseCode } from '../../shared/wire.js';
import { api, awarenessFrame, connectControl, connectProvider, createRoom, decodeFrame, rawConnect, syncStep1Frame, textUpdate, updateFrame, upgradeStatus, type TestRoom } from '../helpers/clients.js';
import { useServer, waitFor } from '../helpers/server.js';
import { nextEvent, participantPath } from './helpers.js';

const { server } = useServer();
let room: TestRoom;

beforeAll(async () => {
  room = await createRoom(server.url, { hostName: 'Ivy' });
  const notes = await connectProvider(server.wsUrl, room.room.id, 'notes', room.hostToken);
  notes.doc.getText(NOTES.notes).insert(0, 'NOTE-SECRET strong on graphs');
  await new Promise((r) => setTimeout(r, 200));
  notes.destroy();
});

const patchRole = (participantId: string, role: string, token = room.hostToken) =>
  api<{ participant: { role: string } }>(server.url, 'PATCH', participantPath(room.room.id, participantId), { token, body: { role } });

describe('changing roles', () => {
  it('demotes an interviewer: notes closed 4403, reopening refused, pad writes dropped, role on the cursor', async () => {
    const ida = await room.join('interviewer', 'Ida');
    const notes = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: ida.token });
    notes.send(syncStep1Frame());
    await waitFor(() => notes.doc().getText(NOTES.notes).toString().includes('NOTE-SECRET'), 5000, 'notes open');
    const idaPad = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: ida.token });
    idaPad.send(syncStep1Frame());
    // Ida's cursor: her awareness as the pad relays it to the host.
    const hostPad = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
    hostPad.send(syncStep1Frame());
    idaPad.send(awarenessOf(4242, { user: { name: 'anything' } }));
    await waitFor(() => roleShown(hostPad.frames, 4242) === 'interviewer', 5000, 'cursor as interviewer');
    const idaSocket = await connectControl(server.url, ida.token);
    const you = nextEvent<{ role: string }>(idaSocket.socket, 'you');

    const demoted = await patchRole(ida.participant.id, 'observer');
    expect(demoted.status).toBe(200);
    expect(demoted.body.participant.role).toBe('observer');
    expect((await notes.closed).code).toBe(CloseCode.forbidden);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: ida.token })).toBe(403);
    expect((await you).role).toBe('observer');
    await waitFor(() => roleShown(hostPad.frames, 4242) === 'observer', 5000, 'cursor as observer');
    // Her pad connection stays open but read-only: her writes are dropped.
    idaPad.send(updateFrame(textUpdate('DEMOTED-WRITE')));
    const timer = await idaSocket.socket.emitWithAck('timer:start');
    expect(timer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await new Promise((r) => setTimeout(r, 300));
    const check = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    expect(check.doc.getText(PAD.code).toString()).not.toContain('DEMOTED-WRITE');
    check.destroy();
    idaPad.close();
    hostPad.close();
    idaSocket.socket.close();
  });

  it('refuses to demote the last interviewer (409) and refuses non-interviewers (403)', async () => {
    expect((await patchRole(room.participant.id, 'observer')).status).toBe(409);
    const cand = await room.join('candidate', 'Cleo');
    expect((await patchRole(room.participant.id, 'observer', cand.token)).status).toBe(403);
    // A candidate becomes an observer and back, never an interviewer at once.
    expect((await patchRole(cand.participant.id, 'interviewer')).status).toBe(409);
    expect((await patchRole(cand.participant.id, 'observer')).body.participant.role).toBe('observer');
    expect((await patchRole(cand.participant.id, 'candidate')).body.participant.role).toBe('candidate');
    expect((await patchRole(cand.participant.id, 'boss')).status).toBe(400);
  });

  it('promotes an observer: they open the notes and drive the timer', async () => {
    const obs = await room.join('observer', 'Otto');
    expect(await upgradeStatus(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: obs.token })).toBe(403);
    const socket = await connectControl(server.url, obs.token);
    expect(await socket.socket.emitWithAck('timer:start')).toMatchObject({ ok: false });
    const state = nextEvent<{ you: { role: string } }>(socket.socket, 'room:state');
    expect((await patchRole(obs.participant.id, 'interviewer')).status).toBe(200);
    expect((await state).you.role).toBe('interviewer');
    const notes = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: obs.token });
    notes.send(syncStep1Frame());
    await waitFor(() => notes.doc().getText(NOTES.notes).toString().includes('NOTE-SECRET'), 5000, 'notes after promotion');
    expect(await socket.socket.emitWithAck('timer:start')).toMatchObject({ ok: true, timer: { status: 'running' } });
    // Now there are two interviewers: the host may step down to observer.
    expect((await patchRole(room.participant.id, 'observer')).status).toBe(200);
    notes.close();
    socket.socket.close();
    const report = await api<{ people: { text: string }[] }>(server.url, 'GET', `/api/rooms/${room.room.id}/report`, { token: obs.token, headers: { accept: 'application/json' } });
    expect(report.body.people.map((l) => l.text)).toContain("Ivy changed Otto's role from observer to interviewer");
  });
});

/** A cursor's awareness frame; the server relays it with its own stamp of who the person is (name, colour, role). */
const awarenessOf = (clientId: number, state: unknown) => awarenessFrame([{ clientId, clock: 1, state }]);

/** The role the server stamped on `clientId`'s cursor in the latest awareness frame about it. */
function roleShown(frames: Uint8Array[], clientId: number): string | undefined {
  let role: string | undefined;
  for (const frame of frames) {
    const decoded = decodeFrame(frame);
    if (decoded.kind !== 'awareness') continue;
    for (const s of decoded.states) {
      const user = (s.state as { user?: { role?: string } } | null)?.user;
      if (s.clientId === clientId && user?.role) role = user.role;
    }
  }
  return role;
}
