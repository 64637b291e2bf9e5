// Must show 4: in a peer room a swap flips permissions live — the new candidate's open notes
// connection is closed (4403) and cannot be reopened, the other seat can now open its own notes,
// roles on socket.io and HTTP follow — and feedback shared after the end reaches the other seat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/wire.js';
import type { Participant, RoomInfo } from '../../shared/protocol.js';
import type { InterviewReport } from '../../shared/report.js';
import { NOTES, SCORECARD_KEYS } from '../../shared/schema.js';
import { BUILTIN_QUESTIONS } from '../../server/questions/builtin.js';
import { api, connectControl, connectProvider, createRoom, rawConnect, syncStep1Frame, textUpdate, updateFrame, upgradeStatus, type ControlSocket, type ProviderClient } from '../helpers/clients.js';
import { faultyStore } from '../helpers/faultyStore.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';
import { ack } from './helpers.js';

let server: TestServer;
const closers: (() => void)[] = [];
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const close of closers) close();
  await server.close();
});

const q1 = BUILTIN_QUESTIONS.find((q) => q.kind === 'concept')!;

/** A peer room whose clock runs on the phase just before the agenda's swap phase; `a` is seat A. */
async function onPhaseBeforeSwap() {
  const room = await createRoom(server.url, { mode: 'peer' });
  const a = await connectControl(server.url, room.hostToken);
  closers.push(() => a.socket.close());
  const swapAt = room.room.agenda.findIndex((p) => p.kind === 'swap');
  expect(await ack(a.socket, 'timer:start')).toMatchObject({ ok: true });
  for (let i = 0; i < swapAt - 1; i++) expect(await ack(a.socket, 'timer:next')).toMatchObject({ ok: true });
  return { room, a, swapAt };
}

describe('peer mock mode', () => {
  it('swap flips permissions live, and shared feedback reaches the other seat', async () => {
    const room = await createRoom(server.url, { mode: 'peer', hostName: 'Ada' });
    expect(room.room.mode).toBe('peer');
    expect(room.room.peer).toMatchObject({ interviewerSeat: 'a', swaps: 0 });
    expect(room.room.agenda.some((p) => p.kind === 'swap')).toBe(true);
    expect(room.seats!.b.token).toBe(room.invites.candidate.token);
    expect(room.participant).toMatchObject({ role: 'interviewer', seat: 'a' });
    const joined = await api<{ token: string; participant: Participant }>(server.url, 'POST', `/api/rooms/${room.room.id}/join`, {
      body: { invite: room.seats!.b.token, name: 'Bea' },
    });
    expect(joined.body.participant).toMatchObject({ role: 'candidate', seat: 'b' });
    const bToken = joined.body.token;
    const id = room.room.id;

    // Round 1: A interviews. Notes documents are per seat; the plain `notes` does not exist here.
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/notes`, { token: room.hostToken })).toBe(404);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/notes-b`, { token: room.hostToken })).toBe(403);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/notes-a`, { token: bToken })).toBe(403);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/notes-b`, { token: bToken })).toBe(403);
    const notesA = await connectProvider(server.wsUrl, id, 'notes-a', room.hostToken);
    notesA.doc.getText(NOTES.notes).insert(0, 'Bea: solid on caching');
    notesA.doc.getMap(NOTES.scorecard).set(SCORECARD_KEYS.recommendation, 'yes');
    notesA.destroy();
    const aNotesRaw = await rawConnect(server.wsUrl, `/yjs/${id}/notes-a`, { token: room.hostToken });
    aNotesRaw.send(syncStep1Frame());
    closers.push(() => aNotesRaw.close());
    await waitFor(() => aNotesRaw.doc().getText(NOTES.notes).toString().includes('solid on caching'), 5000, 'notes-a synced');

    const a = await connectControl(server.url, room.hostToken);
    const b = await connectControl(server.url, bToken);
    closers.push(() => a.socket.close(), () => b.socket.close());
    expect(a.state.you).toMatchObject({ role: 'interviewer', seat: 'a' });
    expect(b.state.you).toMatchObject({ role: 'candidate', seat: 'b' });
    expect(await ack(a.socket, 'question:reveal', { questionId: q1.id })).toMatchObject({ ok: true });
    expect(await ack(b.socket, 'feedback:share', { shared: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Swap, asked by A. Everything follows at once.
    const bGuidance = new Promise<{ questionId: string }>((resolve) => b.socket.on('question:guidance', resolve));
    const bYou = new Promise<Participant>((resolve) => b.socket.on('you', resolve));
    const aState = new Promise<{ you: Participant }>((resolve) => a.socket.on('room:state', resolve));
    const swapped = await ack<{ ok: true; room: RoomInfo }>(a.socket, 'room:swap');
    expect(swapped.room.peer).toMatchObject({ interviewerSeat: 'b', swaps: 1 });
    expect((await aNotesRaw.closed).code).toBe(CloseCode.forbidden);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/notes-a`, { token: room.hostToken })).toBe(403);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/notes-b`, { token: bToken })).toBe(101);
    expect(await bYou).toMatchObject({ role: 'interviewer', seat: 'b' });
    expect((await aState).you).toMatchObject({ role: 'candidate', seat: 'a' });
    expect((await bGuidance).questionId).toBe(q1.id);
    const details = await api<{ you: Participant }>(server.url, 'GET', `/api/rooms/${id}`, { token: room.hostToken });
    expect(details.body.you.role).toBe('candidate');
    expect(await ack(a.socket, 'timer:start')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ack(a.socket, 'question:reveal', { questionId: q1.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ack(b.socket, 'timer:start')).toMatchObject({ ok: true });
    // The question bank follows too: A's token no longer opens it, B's does.
    expect((await api(server.url, 'GET', '/api/questions?kind=coding', { token: room.hostToken })).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/questions?kind=coding', { token: bToken })).status).toBe(200);

    // Round 2: B's notes. Then either peer ends it.
    const notesB = await connectProvider(server.wsUrl, id, 'notes-b', bToken);
    notesB.doc.getText(NOTES.notes).insert(0, 'Ada: great communicator');
    await new Promise((r) => setTimeout(r, 100));
    notesB.destroy();
    expect(await ack(a.socket, 'room:end')).toMatchObject({ ok: true, room: { status: 'ended' } });

    // After the end: each seat reads its own notes back; the other's only once shared.
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/notes-a`, { token: room.hostToken })).toBe(101);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/notes-a`, { token: bToken })).toBe(403);
    const reportBefore = await api<InterviewReport>(server.url, 'GET', `/api/rooms/${id}/report`, { token: bToken });
    expect(reportBefore.body.notes.map((n) => n.seat)).toEqual(['b']);
    const bSeesShare = new Promise<RoomInfo>((resolve) => b.socket.on('room', (r) => r.peer?.sharedFeedback.includes('a') && resolve(r)));
    expect(await ack(a.socket, 'feedback:share', { shared: true })).toMatchObject({ ok: true, room: { peer: { sharedFeedback: ['a'] } } });
    await bSeesShare;
    const shared = await rawConnect(server.wsUrl, `/yjs/${id}/notes-a`, { token: bToken });
    closers.push(() => shared.close());
    shared.send(syncStep1Frame());
    await waitFor(() => shared.doc().getText(NOTES.notes).toString() === 'Bea: solid on caching', 5000, 'shared feedback at B');
    // Read-only: B's write is dropped, not stored.
    shared.send(updateFrame(textUpdate('B WAS HERE', NOTES.notes), 2));
    await new Promise((r) => setTimeout(r, 200));
    const check = await connectProvider(server.wsUrl, id, 'notes-a', room.hostToken);
    expect(check.doc.getText(NOTES.notes).toString()).toBe('Bea: solid on caching');
    check.destroy();
    const report = await api<InterviewReport>(server.url, 'GET', `/api/rooms/${id}/report`, { token: bToken });
    expect(report.body.notes.map((n) => [n.seat, n.text])).toEqual([
      ['a', 'Bea: solid on caching'],
      ['b', 'Ada: great communicator'],
    ]);
    expect(report.body.notes[0]!.scorecard.recommendation).toBe('yes');
    // Unsharing closes B's connection to it again.
    expect(await ack(a.socket, 'feedback:share', { shared: false })).toMatchObject({ ok: true });
    expect((await shared.closed).code).toBe(CloseCode.forbidden);
  });

  it('a reveal racing a swap never gives guidance to the peer who just became the candidate, in either order', async () => {
    // The race is made, not hoped for: the store holds the first command inside its write while
    // the second arrives, so each order is run for certain.
    const store = faultyStore();
    const raced = await startServer({ store });
    try {
      for (const first of ['swap', 'reveal'] as const) {
        const room = await createRoom(raced.url, { mode: 'peer' });
        const b = await room.join('candidate', 'Bea');
        const a = await connectControl(raced.url, room.hostToken);
        const bc = await connectControl(raced.url, b.token);
        closers.push(() => a.socket.close(), () => bc.socket.close());
        const aSeen: string[] = [];
        a.socket.on('question:guidance', () => aSeen.push('guidance'));
        a.socket.on('you', (you) => aSeen.push(`you:${you.role}`));
        const send = (what: 'swap' | 'reveal') =>
          what === 'swap' ? ack<{ ok: boolean }>(bc.socket, 'room:swap') : ack<{ ok: boolean; guidance?: unknown }>(a.socket, 'question:reveal', { questionId: q1.id });
        let release!: () => void;
        store.holding.updateRoom = new Promise<void>((resolve) => (release = resolve));
        const writes = store.calls.updateRoom ?? 0;
        const firstAck = send(first);
        await waitFor(() => (store.calls.updateRoom ?? 0) > writes, 5000, `${first} inside its write`);
        const secondAck = send(first === 'swap' ? 'reveal' : 'swap');
        await new Promise((r) => setTimeout(r, 100)); // the second command reaches the server and waits
        delete store.holding.updateRoom;
        release();
        const [swap, reveal] = first === 'swap' ? [await firstAck, await secondAck] : [await secondAck, await firstAck];
        await waitFor(() => aSeen.includes('you:candidate'), 5000, 'A told it is the candidate');
        await new Promise((r) => setTimeout(r, 100));
        const kinds = (await raced.server.store.listEvents(room.room.id)).map((e) => e.kind).filter((k) => k === 'swap' || k === 'reveal');
        expect(swap.ok).toBe(true);
        if (first === 'swap') {
          // A is the candidate by the time its reveal runs: refused, and no guidance ever.
          expect(reveal).toMatchObject({ ok: false, error: { code: 'forbidden' } });
          expect((reveal as { guidance?: unknown }).guidance).toBeUndefined();
          expect(kinds).toEqual(['swap']);
          expect(aSeen).toEqual(['you:candidate']);
        } else {
          // A was still the interviewer: its reveal (and guidance) came before it became the candidate.
          expect(reveal).toMatchObject({ ok: true, guidance: expect.any(Object) });
          expect(kinds).toEqual(['reveal', 'swap']);
          expect(aSeen.indexOf('you:candidate')).toBe(aSeen.length - 1);
        }
      }
    } finally {
      await raced.close();
    }
  });

  it('swaps by itself when the clock reaches the agenda’s swap phase', async () => {
    const { room, a, swapAt } = await onPhaseBeforeSwap();
    const aYou = new Promise<Participant>((resolve) => a.socket.on('you', resolve));
    expect(await ack(a.socket, 'timer:next')).toMatchObject({ ok: true, timer: { phaseIndex: swapAt } });
    expect(await aYou).toMatchObject({ role: 'candidate' });
    const stored = await server.server.store.getRoom(room.room.id);
    expect(stored!.flow.peer).toMatchObject({ interviewerSeat: 'b', swaps: 1 });
    const events = await server.server.store.listEvents(room.room.id);
    expect(events.some((e) => e.kind === 'swap' && e.data?.['auto'] === true)).toBe(true);
  });

  it('swaps when an agenda edit moves the clock onto the swap phase, and not for other edits', async () => {
    const { room, a, swapAt } = await onPhaseBeforeSwap();

    // Removing the first phase, which the clock has left, moves nothing and swaps nothing.
    const shorter = room.room.agenda.slice(1);
    expect(await ack(a.socket, 'agenda:set', { agenda: shorter })).toMatchObject({ ok: true, timer: { phaseIndex: swapAt - 2 } });
    expect((await server.server.store.getRoom(room.room.id))!.flow.peer).toMatchObject({ interviewerSeat: 'a', swaps: 0 });

    // Removing the current phase moves the clock on to the swap phase: the seats swap.
    const aYou = new Promise<Participant>((resolve) => a.socket.on('you', resolve));
    const withoutCurrent = shorter.filter((_, i) => i !== swapAt - 2);
    expect(await ack(a.socket, 'agenda:set', { agenda: withoutCurrent })).toMatchObject({ ok: true, timer: { phaseIndex: swapAt - 2 } });
    expect(withoutCurrent[swapAt - 2]!.kind).toBe('swap');
    expect((await server.server.store.getRoom(room.room.id))!.flow.peer).toMatchObject({ interviewerSeat: 'b', swaps: 1 });
    expect(await aYou).toMatchObject({ role: 'candidate' });
  });

  it('lets observers read interview notes only while an interviewer allows it', async () => {
    const room = await createRoom(server.url);
    const obs = await room.join('observer', 'Oli');
    const host: ControlSocket = (await connectControl(server.url, room.hostToken)).socket;
    closers.push(() => host.close());
    const notes = await connectProvider(server.wsUrl, room.room.id, 'notes', room.hostToken);
    notes.doc.getText(NOTES.notes).insert(0, 'panel notes');
    closers.push(() => notes.destroy());
    expect(await upgradeStatus(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: obs.token })).toBe(403);
    expect(await ack(host, 'room:settings', { observersSeeNotes: true })).toMatchObject({ ok: true, room: { observersSeeNotes: true } });
    const reader = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: obs.token });
    reader.send(syncStep1Frame());
    await waitFor(() => reader.doc().getText(NOTES.notes).toString() === 'panel notes', 5000, 'observer reads notes');
    reader.send(updateFrame(textUpdate('observer edit', NOTES.notes), 2));
    await new Promise((r) => setTimeout(r, 150));
    expect(notes.doc.getText(NOTES.notes).toString()).toBe('panel notes');
    expect(await ack(host, 'room:settings', { observersSeeNotes: false })).toMatchObject({ ok: true });
    expect((await reader.closed).code).toBe(CloseCode.forbidden);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: obs.token })).toBe(403);
  });

  it('a swap shows at once next to both cursors on an open pad, and later cursor moves keep it', async () => {
    const room = await createRoom(server.url, { mode: 'peer', hostName: 'Ada' });
    const id = room.room.id;
    const joined = await api<{ token: string }>(server.url, 'POST', `/api/rooms/${id}/join`, { body: { invite: room.seats!.b.token, name: 'Bea' } });
    const padA = await connectProvider(server.wsUrl, id, 'pad', room.hostToken);
    const padB = await connectProvider(server.wsUrl, id, 'pad', joined.body.token);
    const control = await connectControl(server.url, room.hostToken);
    closers.push(() => padA.destroy(), () => padB.destroy(), () => control.socket.close());
    const stateOf = (seer: ProviderClient, seen: ProviderClient) => seer.provider.awareness.getStates().get(seen.doc.clientID) as
      | { user?: { role?: string }; cursor?: { anchor: number } }
      | undefined;
    const rolesSeen = () => [stateOf(padB, padA)?.user?.role, stateOf(padA, padB)?.user?.role];

    padA.provider.awareness.setLocalStateField('cursor', { anchor: 1, head: 1 });
    padB.provider.awareness.setLocalStateField('cursor', { anchor: 2, head: 2 });
    await waitFor(() => rolesSeen().join() === 'interviewer,candidate', 5000, 'roles before the swap');

    expect(await ack(control.socket, 'room:swap')).toMatchObject({ ok: true });
    // Nobody reconnects: the server restamps the open connections' cursors with their new roles.
    await waitFor(() => rolesSeen().join() === 'candidate,interviewer', 5000, 'roles after the swap');

    // A's own client took the restamped clock, so its next move is newer and is relayed.
    padA.provider.awareness.setLocalStateField('cursor', { anchor: 3, head: 3 });
    await waitFor(() => stateOf(padB, padA)?.cursor?.anchor === 3, 5000, 'a cursor move after the swap');
    expect(stateOf(padB, padA)?.user?.role).toBe('candidate');

    // After the end nobody writes, but a later access change (shared feedback) still shows each
    // person's role, not the read-only grant they now connect with.
    const controlB = await connectControl(server.url, joined.body.token);
    closers.push(() => controlB.socket.close());
    expect(await ack(controlB.socket, 'room:end')).toMatchObject({ ok: true, room: { status: 'ended' } });
    expect(await ack(control.socket, 'feedback:share', { shared: true })).toMatchObject({ ok: true });
    padA.provider.awareness.setLocalStateField('cursor', { anchor: 4, head: 4 });
    await waitFor(() => stateOf(padB, padA)?.cursor?.anchor === 4, 5000, 'a cursor move after the end');
    expect(rolesSeen()).toEqual(['candidate', 'interviewer']);
  });
});
