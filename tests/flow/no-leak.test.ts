// Across a whole scripted interview — reveal (with starter code), notes and scorecard edits, an
// agenda edit, settings, the end, reconnects; and in a peer room a swap — every packet the server
// writes to a candidate's and an observer's socket.io connection (events, acks, and what follows
// `room:state` on a reconnect) and every frame of their document connections is recorded, and
// none holds guidance (hints, follow-ups, rubric, good answers), an unrevealed question, or notes
// they may not read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES, PAD, SCORECARD_KEYS } from '../../shared/schema.js';
import { agendaFromTemplate } from '../../shared/agenda.js';
import { BUILTIN_QUESTIONS } from '../../server/questions/builtin.js';
import { connectControl, connectProvider, createRoom, rawConnect, syncStep1Frame, upgradeStatus } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';
import { ack, forbiddenMaterial, leaks, rawText } from './helpers.js';
import { rawSocketIoInRoom, type RawSocketIo } from '../helpers/socketio.js';

let server: TestServer;
const closers: (() => void)[] = [];
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const close of closers) close();
  await server.close();
});


const coding = BUILTIN_QUESTIONS.find((q) => q.kind === 'coding' && q.starterCode?.python)!;
const behavioral = BUILTIN_QUESTIONS.find((q) => q.kind === 'behavioral')!;
const NOTE_SECRET = 'NOTE-SECRET-weak-on-graph-traversal';
const SCORE_SECRET = 'SCORE-SECRET-needs-nudging';

describe('a candidate never receives guidance, unrevealed questions or notes', () => {
  it('interview room: reveal with starter code, notes, agenda edit, settings, end, reconnect', async () => {
    const room = await createRoom(server.url, { template: 'technical-round', title: 'Leak check' });
    const cand = await room.join('candidate', 'Cand');
    const observer = await room.join('observer', 'Obs');
    const host = await connectControl(server.url, room.hostToken);
    closers.push(() => host.socket.close());

    // The candidate's and the observer's control wires, captured packet by packet from the first
    // byte (events, acks, errors: everything the server writes to them).
    const c = await rawSocketIoInRoom(server.wsUrl, cand.token);
    const o = await rawSocketIoInRoom(server.wsUrl, observer.token);
    closers.push(() => c.close(), () => o.close());
    // Their document connections too: the candidate's pad, the observer's pad, and the
    // observer's notes once an interviewer allowed it (before that, refused at the upgrade).
    const padRaw = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: cand.token, viaProtocol: true });
    const obsPad = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: observer.token, viaProtocol: true });
    closers.push(() => padRaw.close(), () => obsPad.close());
    padRaw.send(syncStep1Frame());
    obsPad.send(syncStep1Frame());
    expect(await upgradeStatus(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: observer.token })).toBe(403);

    // The interviewer picks Python, writes notes and a scorecard.
    const pad = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const notes = await connectProvider(server.wsUrl, room.room.id, 'notes', room.hostToken);
    closers.push(() => pad.destroy(), () => notes.destroy());
    pad.doc.getMap(PAD.meta).set('language', 'python');
    notes.doc.getText(NOTES.notes).insert(0, `[Intro 0:10] ${NOTE_SECRET}`);
    notes.doc.getMap(NOTES.scorecard).set(SCORECARD_KEYS.comment('problemSolving'), SCORE_SECRET);
    notes.doc.getMap(NOTES.scorecard).set(SCORECARD_KEYS.rating('problemSolving'), 3);

    expect((await ack<{ ok: boolean }>(host.socket, 'timer:start')).ok).toBe(true);

    // Reveal a coding problem with its starter code, twice (a double click): inserted once.
    const guidanceSeen = new Promise<{ questionId: string }>((resolve) => host.socket.once('question:guidance', resolve));
    const first = await ack<{ ok: true; starterInserted: boolean; guidance: { hints: string[] } }>(host.socket, 'question:reveal', {
      questionId: coding.id,
      insertStarter: true,
    });
    expect(first).toMatchObject({ ok: true, starterInserted: true });
    expect(first.guidance.hints).toEqual(coding.guidance.hints);
    const second = await ack<{ ok: true; starterInserted: boolean }>(host.socket, 'question:reveal', { questionId: coding.id, insertStarter: true });
    expect(second).toMatchObject({ ok: true, starterInserted: false });
    expect((await guidanceSeen).questionId).toBe(coding.id);
    await waitFor(() => c.events().some((e) => e.event === 'question:revealed'), 5000, 'reveal at the candidate');
    const starter = coding.starterCode!.python!;
    await waitFor(() => padRaw.doc().getText(PAD.code).toString().includes(starter.trim()), 5000, 'starter code at the candidate');
    expect(padRaw.doc().getText(PAD.code).toString().split(starter.trim()).length - 1).toBe(1);

    // The candidate (and the observer) may not reveal, change settings or the agenda: each ack is
    // on the recorded wire.
    for (const who of [c, o]) {
      expect(await who.call('question:reveal', { questionId: behavioral.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await who.call('question:reveal', { questionId: coding.id, insertStarter: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await who.call('room:settings', { observersSeeNotes: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await who.call('agenda:set', { agenda: [{ name: 'x', minutes: 1, kind: 'other' }] })).toMatchObject({ ok: false });
    }
    expect(await upgradeStatus(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: cand.token })).toBe(403);
    const bank = await fetch(`${server.url}/api/questions`, { headers: { authorization: `Bearer ${cand.token}` } });
    expect(bank.status).toBe(403);

    // Agenda edit with guaranteed coding, the observers' notes setting, the next phase, a second reveal.
    const agenda = agendaFromTemplate('technical-screen');
    expect(await ack(host.socket, 'agenda:set', { agenda: [...room.room.agenda.slice(0, 2), agenda[2]], guaranteeCoding: true })).toMatchObject({ ok: true });
    expect(await ack(host.socket, 'room:settings', { observersSeeNotes: true })).toMatchObject({ ok: true });
    const obsNotes = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: observer.token, viaProtocol: true });
    closers.push(() => obsNotes.close());
    obsNotes.send(syncStep1Frame());
    await waitFor(() => rawText(obsNotes).includes(NOTE_SECRET), 5000, 'notes at the observer, once allowed');
    expect(await ack(host.socket, 'timer:next')).toMatchObject({ ok: true });
    expect(await ack(host.socket, 'question:reveal', { questionId: behavioral.id })).toMatchObject({ ok: true });
    notes.doc.getText(NOTES.notes).insert(notes.doc.getText(NOTES.notes).length, `\n${NOTE_SECRET}-2`);

    // End; the candidate and the observer reconnect. What a socket gets right after `room:state`
    // is where guidance goes to interviewers: the interviewer's own reconnect shows it arrives
    // there, and the candidate's and observer's reconnects (made first) must hold none of it.
    expect(await ack(host.socket, 'room:end')).toMatchObject({ ok: true, room: { status: 'ended' } });
    await waitFor(() => c.events().some((e) => e.event === 'room' && JSON.stringify(e.args).includes('"ended"')), 5000, 'end at the candidate');
    const cAgain = await rawSocketIoInRoom(server.wsUrl, cand.token);
    const oAgain = await rawSocketIoInRoom(server.wsUrl, observer.token);
    closers.push(() => cAgain.close(), () => oAgain.close());
    const hostAgain = await rawSocketIoInRoom(server.wsUrl, room.hostToken);
    closers.push(() => hostAgain.close());
    await waitFor(() => hostAgain.events().filter((e) => e.event === 'question:guidance').length === 2, 5000, 'guidance at the reconnected interviewer');
    for (const who of [cAgain, oAgain]) expect(await who.call('timer:start')).toMatchObject({ ok: false }); // a round trip after whatever followed room:state
    const againState = cAgain.events().find((e) => e.event === 'room:state')!.args[0] as { room: { revealed: { question: { id: string }; revealedAt: number }[] } };
    expect(againState.room.revealed.map((r) => r.question.id)).toEqual([coding.id, behavioral.id]);
    expect(againState.room.revealed[0]!.revealedAt).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));

    const forbidden = forbiddenMaterial([coding, behavioral]);
    expect(forbidden.length).toBeGreaterThan(100);
    const wire = (...clients: RawSocketIo[]) => clients.flatMap((x) => x.packets.map((p) => p.text)).join('\n');
    const candidateText = wire(c, cAgain);
    const observerText = wire(o, oAgain);
    expect(c.packets.some((p) => p.ackId !== undefined)).toBe(true); // acks are on the record
    expect(candidateText).toContain(coding.statement.slice(0, 40)); // the capture is real: revealed text arrived
    expect(observerText).toContain(coding.statement.slice(0, 40));
    expect(wire(hostAgain)).toContain(coding.guidance.hints[0]!); // and guidance would be seen
    const candidateDocs = rawText(padRaw);
    const observerDocs = rawText(obsPad);
    for (const text of [candidateDocs, observerDocs]) expect(text).toContain(starter.trim().split('\n')[0]!);
    for (const text of [candidateText, observerText, candidateDocs, observerDocs, rawText(obsNotes)]) expect(leaks(text, forbidden)).toEqual([]);
    for (const text of [candidateText, candidateDocs, observerDocs]) {
      for (const secret of [NOTE_SECRET, SCORE_SECRET]) expect(text).not.toContain(secret);
    }
    expect(candidateText).not.toContain('guidance');
    expect(observerText).not.toContain('guidance');
  });

  it('peer room: the candidate of each round gets no guidance or notes, across the swap and the end', async () => {
    const room = await createRoom(server.url, { mode: 'peer', title: 'Peer leak check' });
    const b = await room.join('candidate', 'Bea'); // seat B
    // Both control wires, every packet (acks included), from the first byte.
    const a = await rawSocketIoInRoom(server.wsUrl, room.hostToken);
    const bc = await rawSocketIoInRoom(server.wsUrl, b.token);
    closers.push(() => a.close(), () => bc.close());
    const aPad = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
    const bPad = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: b.token });
    closers.push(() => aPad.close(), () => bPad.close());
    aPad.send(syncStep1Frame());
    bPad.send(syncStep1Frame());

    // Round 1: A interviews, writes notes, reveals q1.
    const notesA = await connectProvider(server.wsUrl, room.room.id, 'notes-a', room.hostToken);
    closers.push(() => notesA.destroy());
    notesA.doc.getText(NOTES.notes).insert(0, 'A-NOTES-SECRET about Bea');
    const q1 = BUILTIN_QUESTIONS.filter((q) => q.kind === 'coding')[1]!;
    const q2 = BUILTIN_QUESTIONS.filter((q) => q.kind === 'coding')[2]!;
    expect(await a.call('question:reveal', { questionId: q1.id, insertStarter: true })).toMatchObject({ ok: true });
    expect(await bc.call('question:reveal', { questionId: q2.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // Swap (B asks); A becomes the candidate.
    expect(await bc.call('room:swap')).toMatchObject({ ok: true, room: { peer: { interviewerSeat: 'b' } } });
    const isYou = (role: string) => (p: { event?: string; args?: unknown[] }) => p.event === 'you' && (p.args?.[0] as { role?: string }).role === role;
    await waitFor(() => a.packets.some(isYou('candidate')), 5000, 'A told it is the candidate');
    const aMark = a.packets.findIndex(isYou('candidate'));
    const bMark = bc.packets.findIndex(isYou('interviewer'));
    expect(bMark).toBeGreaterThan(0);

    // Round 2: B interviews, writes notes, reveals q2; then the end.
    const notesB = await connectProvider(server.wsUrl, room.room.id, 'notes-b', b.token);
    closers.push(() => notesB.destroy());
    notesB.doc.getText(NOTES.notes).insert(0, 'B-NOTES-SECRET about Ada');
    expect(await bc.call('question:reveal', { questionId: q2.id })).toMatchObject({ ok: true });
    expect(await a.call('question:reveal', { questionId: q1.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await a.call('room:end')).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 300));

    // B was the candidate until the swap: nothing of q1's guidance, A's notes or unrevealed questions.
    const bText = bc.packets.slice(0, bMark).map((p) => p.text).join('\n');
    expect(bText).toContain(q1.title);
    expect(leaks(bText, forbiddenMaterial([q1, q2]))).toEqual([]);
    expect(bText).not.toContain('A-NOTES-SECRET');
    // A is the candidate after the swap: no guidance of q2, nothing of B's notes.
    const aText = a.packets.slice(aMark).map((p) => p.text).join('\n');
    expect(aText).toContain(q2.title);
    expect(leaks(aText, forbiddenMaterial([q2], BUILTIN_QUESTIONS.filter((q) => q.id !== q1.id)))).toEqual([]);
    expect(a.packets.slice(aMark).map((p) => p.event)).not.toContain('question:guidance');
    expect(aText).not.toContain('guidance');
    expect(aText).not.toContain('B-NOTES-SECRET');
    // The pad connections never carry guidance or notes, for either seat.
    for (const raw of [aPad, bPad]) {
      const text = rawText(raw);
      expect(leaks(text, forbiddenMaterial([q1, q2]))).toEqual([]);
      expect(text).not.toMatch(/[AB]-NOTES-SECRET/);
    }
  });
});



