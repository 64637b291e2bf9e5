// Must show 4: a candidate cannot drive the timer; when an interviewer starts it, every socket of
// the room gets the same state.
import { describe, expect, it } from 'vitest';
import type { RoomInfo, TimerUpdate } from '../../shared/protocol.js';
import { timerView } from '../../shared/timer.js';
import { rawSocketIoInRoom } from '../helpers/socketio.js';
import { connectControl, createRoom, type ControlSocket } from '../helpers/clients.js';
import { useServer } from '../helpers/server.js';
import { ack as acked } from '../flow/helpers.js';

const { server, sockets } = useServer();

/** The next timer update a socket receives that matches (events already received are skipped). */
function nextTimer(socket: ControlSocket, match: (u: TimerUpdate) => boolean = () => true): Promise<TimerUpdate> {
  return new Promise((resolve) => {
    const listener = (update: TimerUpdate) => {
      if (!match(update)) return;
      socket.off('timer', listener);
      resolve(update);
    };
    socket.on('timer', listener);
  });
}

describe('control plane: timer', () => {
  it('sends room:state on connect and presence as people come and go', async () => {
    const room = await createRoom(server.url, { title: 'Presence' });
    const cand = await room.join('candidate', 'Cleo');
    const host = await connectControl(server.url, room.hostToken);
    sockets.push(host.socket);
    expect(host.state.room.id).toBe(room.room.id);
    expect(host.state.you.role).toBe('interviewer');
    expect(host.state.timer.status).toBe('idle');
    const presence = new Promise<{ participants: { name: string; online: boolean }[] }>((resolve) =>
      host.socket.on('presence', (p) => {
        if (p.participants.some((x) => x.name === 'Cleo' && x.online)) resolve(p);
      }),
    );
    const c = await connectControl(server.url, cand.token);
    sockets.push(c.socket);
    expect((await presence).participants.find((p) => p.name === 'Interviewer')?.online).toBe(true);
    expect(c.state.you).toMatchObject({ name: 'Cleo', role: 'candidate' });
  });

  it('refuses timer commands from a candidate and an observer, and broadcasts the interviewer’s', async () => {
    const room = await createRoom(server.url);
    const host = await connectControl(server.url, room.hostToken);
    const cand = await connectControl(server.url, (await room.join('candidate', 'Cy')).token);
    const obs = await connectControl(server.url, (await room.join('observer', 'Oz')).token);
    sockets.push(host.socket, cand.socket, obs.socket);

    for (const s of [cand.socket, obs.socket]) {
      const refused = await s.timeout(5000).emitWithAck('timer:start');
      expect(refused).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
      const end = await s.timeout(5000).emitWithAck('room:end');
      expect(end.ok).toBe(false);
    }

    const seen = [host, cand, obs].map(({ socket }) => nextTimer(socket));
    const ack = await host.socket.timeout(5000).emitWithAck('timer:start');
    expect(ack.ok).toBe(true);
    const updates = await Promise.all(seen);
    for (const update of updates) {
      expect(update.timer).toEqual(updates[0]!.timer);
      expect(update.timer.status).toBe('running');
      expect(typeof update.serverNow).toBe('number');
    }
    const view = timerView(updates[1]!.timer, updates[1]!.agenda, updates[1]!.serverNow);
    expect(view.phaseName).toBe('Intro');
    expect(view.remainingMs).toBeLessThanOrEqual(5 * 60_000);

    // Starting twice is a clear conflict, not a silent no-op.
    const again = await host.socket.timeout(5000).emitWithAck('timer:start');
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const paused = nextTimer(cand.socket);
    expect((await host.socket.timeout(5000).emitWithAck('timer:pause')).ok).toBe(true);
    expect((await paused).timer.status).toBe('paused');
    const next = nextTimer(obs.socket, (u) => u.timer.phaseIndex === 1);
    expect((await host.socket.timeout(5000).emitWithAck('timer:next')).ok).toBe(true);
    expect((await next).timer.phaseIndex).toBe(1);

    // A payload with a real `__proto__` key — written into the packet by hand: socket.io-client
    // would serialise the object literal `{__proto__: …}` as `{}` — is ignored by a command that
    // reads no payload, pollutes nothing, and the server stays up.
    const raw = await rawSocketIoInRoom(server.wsUrl, room.hostToken);
    expect(await raw.ack(raw.emitRaw('timer:resume', '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'))).toEqual([
      expect.objectContaining({ ok: true, timer: expect.objectContaining({ status: 'running' }) }),
    ]);
    expect(raw.packets.some((p) => p.text.includes('"__proto__"'))).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    raw.close();
  });

  it('ends the room for interviewers only, and tells every socket', async () => {
    const room = await createRoom(server.url);
    const host = await connectControl(server.url, room.hostToken);
    const cand = await connectControl(server.url, (await room.join('candidate', 'Cai')).token);
    sockets.push(host.socket, cand.socket);
    const told = new Promise<{ status: string }>((resolve) => cand.socket.once('room', resolve));
    const ack = await host.socket.timeout(5000).emitWithAck('room:end');
    expect(ack).toMatchObject({ ok: true, room: { status: 'ended' } });
    expect((await told).status).toBe('ended');
    const after = await host.socket.timeout(5000).emitWithAck('timer:start');
    expect(after).toMatchObject({ ok: false, error: { code: 'gone' } });
  });
});

/** The `timer` and `room` events a socket receives from now on. */
function record(socket: ControlSocket) {
  const got = { timer: [] as TimerUpdate[], room: [] as RoomInfo[] };
  socket.on('timer', (u) => got.timer.push(u));
  socket.on('room', (r) => got.room.push(r));
  return got;
}

/**
 * Waits until everything the server sent this socket before now has arrived: an acknowledged
 * command that changes nothing for these sockets (sharing feedback is refused before the end of a
 * peer room, and to anyone without a seat), answered after whatever was queued before it.
 */
async function drained(socket: ControlSocket): Promise<void> {
  expect(await acked(socket, 'feedback:share', { shared: true })).toMatchObject({ ok: false });
}

async function connect(token: string) {
  const { socket } = await connectControl(server.url, token);
  sockets.push(socket);
  return socket;
}

// Each change of a room reaches every socket exactly once: an automatic peer swap (the clock
// reaching a swap phase by `timer:next`) is one `timer` and one `room`, not a `timer` for the clock
// and another for the swap; the end is one `timer` (the stopped clock) and one `room`.
describe('control plane: each change announced once', () => {
  it('an automatic peer swap by timer:next is one timer and one room on every socket', async () => {
    const room = await createRoom(server.url, { mode: 'peer' });
    const swapAt = room.room.agenda.findIndex((p) => p.kind === 'swap');
    expect(swapAt).toBeGreaterThan(0);
    const a = await connect(room.hostToken);
    const b = await connect((await room.join('candidate', 'Bea')).token);
    const obs = await connect((await room.join('observer', 'Oli')).token);
    expect(await acked(a, 'timer:start')).toMatchObject({ ok: true });
    for (let i = 0; i < swapAt - 1; i++) expect(await acked(a, 'timer:next')).toMatchObject({ ok: true });
    await Promise.all([a, b, obs].map(drained));

    const seen = [a, b, obs].map(record);
    expect(await acked(a, 'timer:next')).toMatchObject({ ok: true, timer: { phaseIndex: swapAt } });
    await Promise.all([a, b, obs].map(drained));
    for (const got of seen) {
      expect(got.timer.map((u) => u.timer.phaseIndex)).toEqual([swapAt]);
      expect(got.room.map((r) => r.peer?.interviewerSeat)).toEqual(['b']);
    }
  });

  it('the end is one timer and one room on every socket, and ending again is neither', async () => {
    const room = await createRoom(server.url);
    const host = await connect(room.hostToken);
    const cand = await connect((await room.join('candidate', 'Cy')).token);
    expect(await acked(host, 'timer:start')).toMatchObject({ ok: true });
    await Promise.all([host, cand].map(drained));

    const seen = [host, cand].map(record);
    expect(await acked(host, 'room:end')).toMatchObject({ ok: true, room: { status: 'ended' } });
    await Promise.all([host, cand].map(drained));
    for (const got of seen) {
      expect(got.timer.map((u) => u.timer.status)).toEqual(['stopped']);
      expect(got.room.map((r) => r.status)).toEqual(['ended']);
    }

    expect(await acked(host, 'room:end')).toMatchObject({ ok: true, room: { status: 'ended' } });
    await Promise.all([host, cand].map(drained));
    for (const got of seen) expect([got.timer.length, got.room.length]).toEqual([1, 1]);
  });
});
