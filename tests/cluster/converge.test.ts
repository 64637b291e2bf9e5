// Must show 1: three processes serve one room, its clients spread over them. Pad and board
// converge; the clock, presence, reveals and the end reach every socket on every process; and the
// interviewer-only guidance of a reveal reaches the interviewers on every process and no candidate.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BUILTIN_QUESTIONS } from '../../server/questions/builtin.js';
import { PAD } from '../../shared/schema.js';
import { connectControl, connectProvider, createRoom, type ControlSocket, type ProviderClient } from '../helpers/clients.js';
import { useCluster } from '../helpers/cluster.js';
import { waitFor, type TestServer } from '../helpers/server.js';
import { ack, captureSocket, forbiddenMaterial, leaks } from '../flow/helpers.js';

const { servers, closers } = useCluster(3);

const question = BUILTIN_QUESTIONS.find((q) => q.kind === 'coding' && q.starterCode?.python)!;

describe('three processes, one room', () => {
  it('converge on pad and board; clock, presence, reveals and the end reach every socket; guidance only to interviewers', async () => {
    const [a, b, c] = servers as [TestServer, TestServer, TestServer];
    const room = await createRoom(a.url, { title: 'Spread' });
    const id = room.room.id;
    // A second interviewer, two candidates' sessions and an observer, joined through different processes.
    const interviewer2 = await room.join('interviewer', 'Ivy');
    const candidate = await room.join('candidate', 'Cy');
    const observer = await room.join('observer', 'Obs');

    type Present = { name: string; online: boolean }[];
    const sockets: { who: string; server: TestServer; socket: ControlSocket; wire: ReturnType<typeof captureSocket>; initial: Present }[] = [];
    for (const [who, server, token] of [
      ['host@a', a, room.hostToken],
      ['interviewer2@c', c, interviewer2.token],
      ['candidate@b', b, candidate.token],
      ['candidate@c', c, candidate.token],
      ['observer@a', a, observer.token],
    ] as const) {
      const { socket, state } = await connectControl(server.url, token);
      closers.push(() => socket.close());
      sockets.push({ who, server, socket, wire: captureSocket(socket), initial: state.participants });
    }
    const host = sockets[0]!.socket;

    // Presence: every socket, on every process, sees all four people online (from its room:state
    // or a presence event after it).
    const lastPresence = (i: number): Present => {
      const events = sockets[i]!.wire.events.filter((e) => e.name === 'presence');
      const text = events.at(-1)?.text ?? '';
      return text ? (JSON.parse(text.slice('presence '.length)) as [{ participants: Present }])[0].participants : sockets[i]!.initial;
    };
    for (let i = 0; i < sockets.length; i++) {
      await waitFor(() => lastPresence(i).filter((p) => p.online).length === 4, 8000, `presence at ${sockets[i]!.who}: ${JSON.stringify(sockets[i]!.wire.events.map((e) => e.text))}`);
    }

    // Documents: an editor on each process, pad text and board shapes from all three.
    const pads: ProviderClient[] = [];
    for (const [server, token] of [
      [a, room.hostToken],
      [b, candidate.token],
      [c, interviewer2.token],
    ] as const) {
      const pad = await connectProvider(server.wsUrl, id, 'pad', token);
      closers.push(() => pad.destroy());
      pads.push(pad);
    }
    pads.forEach((pad, i) => {
      pad.doc.getText(PAD.code).insert(0, `line from ${i}\n`);
      const shape = new Y.Map<unknown>();
      shape.set('kind', 'box');
      shape.set('label', `box ${i}`);
      pad.doc.getMap(PAD.shapes).set(`shape-${i}`, shape);
    });
    // Many small edits from two processes at once.
    for (let k = 0; k < 30; k++) {
      pads[1]!.doc.getText(PAD.code).insert(0, 'b');
      pads[2]!.doc.getText(PAD.code).insert(pads[2]!.doc.getText(PAD.code).length, 'c');
    }
    const text = (p: ProviderClient) => p.doc.getText(PAD.code).toString();
    await waitFor(() => pads.every((p) => text(p) === text(pads[0]!) && text(p).split('\n').length === 4 && text(p).length >= 3 * 12 + 60), 10_000, 'pads converge');
    await waitFor(() => pads.every((p) => p.doc.getMap(PAD.shapes).size === 3), 10_000, 'boards converge');
    expect(text(pads[0]!).match(/b/g)!.length).toBeGreaterThanOrEqual(30);

    // The clock: started on process A, every socket gets the running timer.
    expect((await ack<{ ok: boolean }>(host, 'timer:start')).ok).toBe(true);
    for (const s of sockets) await waitFor(() => s.wire.events.some((e) => e.name === 'timer' && e.text.includes('"running"')), 5000, `timer at ${s.who}`);

    // A reveal from process C's interviewer: the question reaches everyone, guidance only the interviewers.
    const interviewer2Socket = sockets[1]!.socket;
    expect(await ack(interviewer2Socket, 'question:reveal', { questionId: question.id })).toMatchObject({ ok: true });
    for (const s of sockets) await waitFor(() => s.wire.events.some((e) => e.name === 'question:revealed' && e.text.includes(question.id)), 5000, `reveal at ${s.who}`);
    for (const s of sockets.slice(0, 2)) {
      await waitFor(() => s.wire.events.some((e) => e.name === 'question:guidance' && e.text.includes(question.id)), 5000, `guidance at ${s.who}`);
    }

    // The end, from process A: every socket is told.
    expect((await ack<{ ok: boolean }>(host, 'room:end')).ok).toBe(true);
    for (const s of sockets) await waitFor(() => s.wire.events.some((e) => e.name === 'room' && e.text.includes('"ended"')), 5000, `end at ${s.who}`);

    // Nothing interviewer-only reached a candidate or the observer on any process.
    const forbidden = forbiddenMaterial([question]);
    for (const s of sockets.slice(2)) {
      expect(s.wire.events.filter((e) => e.name === 'question:guidance'), s.who).toEqual([]);
      expect(leaks(s.wire.since(0), forbidden), s.who).toEqual([]);
    }
    // Every socket saw the same clock states, in the same order.
    const clocks = sockets.map((s) => s.wire.events.filter((e) => e.name === 'timer').map((e) => JSON.parse(e.text.slice(6))[0].timer));
    for (const seen of clocks.slice(1)) expect(seen).toEqual(clocks[0]);
    // And what every process stored is one history: the pad as the clients have it.
    const stored = await servers[1]!.server.store.listUpdates(`${id}/pad`);
    const replayed = new Y.Doc();
    for (const u of stored) Y.applyUpdate(replayed, u.update);
    expect(replayed.getText(PAD.code).toString()).toBe(text(pads[0]!));
  });
});
