// Must show 2 (integration): a live agenda edit through socket.io — the clock stays on its phase,
// every socket gets the new agenda — and guaranteed coding time as every client computes it.
import { describe, expect, it } from 'vitest';
import { effectiveAgenda, type Agenda } from '../../shared/agenda.js';
import type { RoomInfo, TimerUpdate } from '../../shared/protocol.js';
import { timerView } from '../../shared/timer.js';
import { connectControl, createRoom, type ControlSocket } from '../helpers/clients.js';
import { useServer } from '../helpers/server.js';
import { ack } from './helpers.js';

const { server, sockets } = useServer();

const next = <T>(socket: ControlSocket, event: 'timer' | 'room', match: (v: T) => boolean): Promise<T> =>
  new Promise((resolve) => {
    const listener = (value: T) => {
      if (!match(value)) return;
      (socket as unknown as { off(e: string, l: unknown): void }).off(event, listener);
      resolve(value);
    };
    (socket as unknown as { on(e: string, l: unknown): void }).on(event, listener);
  });

describe('live agenda edits through socket.io', () => {
  it('creates rooms from templates, refuses a bad agenda, and keeps the clock on its phase after an edit', async () => {
    const room = await createRoom(server.url, { template: 'technical-screen' });
    expect(room.room.agenda.map((p) => p.minutes)).toEqual([5, 20, 5]);
    expect(room.room.agenda.every((p) => typeof p.id === 'string')).toBe(true);
    const bad = await fetch(`${server.url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'nope' }),
    });
    expect(bad.status).toBe(400);

    const host = await connectControl(server.url, room.hostToken);
    const cand = await connectControl(server.url, (await room.join('candidate', 'Cy')).token);
    sockets.push(host.socket, cand.socket);
    expect(await ack(host.socket, 'timer:start')).toMatchObject({ ok: true });
    expect(await ack(host.socket, 'timer:next')).toMatchObject({ ok: true }); // now in Coding

    // Invalid payloads are refused with a reason.
    expect(await ack(host.socket, 'agenda:set', { agenda: [] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await ack(host.socket, 'agenda:set', { agenda: [{ name: 'x', minutes: 0, kind: 'coding' }] })).toMatchObject({ ok: false });
    expect(await ack(host.socket, 'agenda:set', 'junk')).toMatchObject({ ok: false });

    // Move coding first, lengthen it, add a design phase, turn on guaranteed coding.
    const [intro, coding, questions] = room.room.agenda as [Agenda[0], Agenda[0], Agenda[0]];
    const edited: Agenda = [{ ...coding, minutes: 25 }, intro, { name: 'Design', minutes: 10, kind: 'system-design' }, questions];
    const seenTimer = next<TimerUpdate>(cand.socket, 'timer', (u) => u.agenda.length === 4);
    const seenRoom = next<RoomInfo>(cand.socket, 'room', (r) => r.agenda.length === 4);
    const result = await ack<{ ok: true } & TimerUpdate & { room: RoomInfo }>(host.socket, 'agenda:set', { agenda: edited, guaranteeCoding: true });
    expect(result.ok).toBe(true);
    expect(result.timer.phaseIndex).toBe(0);
    expect(result.agenda[0]).toMatchObject({ id: coding.id, name: 'Coding', minutes: 25 });
    expect(result.agenda[2]!.id).toEqual(expect.any(String));
    const update = await seenTimer;
    expect(timerView(update.timer, update.agenda, update.serverNow).phaseName).toBe('Coding');
    const info = await seenRoom;
    expect(info.guaranteeCoding).toBe(true);
    // The intro's recorded time moved with it to index 1.
    expect(update.timer.phaseActualMs[1]).toBeGreaterThanOrEqual(0);

    // Settings can turn the guarantee off again; a candidate cannot.
    expect(await ack(cand.socket, 'room:settings', { guaranteeCoding: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ack(host.socket, 'room:settings', { guaranteeCoding: false })).toMatchObject({ ok: true, room: { guaranteeCoding: false } });
  });

  it('guaranteed coding time: after an overrun intro, every client computes the same shrunken phases', async () => {
    const room = await createRoom(server.url, { template: 'technical-round', guaranteeCoding: true });
    expect(room.room.guaranteeCoding).toBe(true);
    const host = await connectControl(server.url, room.hostToken);
    const cand = await connectControl(server.url, (await room.join('candidate', 'Cy')).token);
    sockets.push(host.socket, cand.socket);
    expect(await ack(host.socket, 'timer:start')).toMatchObject({ ok: true });
    // Pretend the intro ran 6 minutes over by editing the stored clock, as a real overrun would leave it.
    const stored = await server.server.store.getRoom(room.room.id);
    await server.server.store.updateRoom(room.room.id, stored!.version, { timer: { ...stored!.timer, runningSince: Date.now() - 11 * 60_000 } });
    const seen = next<TimerUpdate>(cand.socket, 'timer', (u) => u.timer.phaseIndex === 1);
    expect(await ack(host.socket, 'timer:next')).toMatchObject({ ok: true });
    const update = await seen;
    const view = effectiveAgenda(update.agenda, update.timer, update.serverNow, true);
    expect(view.phases[1]).toMatchObject({ kind: 'coding', effectiveMs: 25 * 60_000 });
    const later = view.phases.slice(2).reduce((sum, p) => sum + p.effectiveMs, 0);
    expect(Math.round(later / 60_000)).toBe(24); // 30 planned minus the 6-minute overrun
    expect(view.projectedTotalMs).toBeLessThanOrEqual(60 * 60_000 + 1000);

    // The last phase runs into overtime and never ends the room by itself.
    for (let i = 0; i < 3; i++) expect(await ack(host.socket, 'timer:next')).toMatchObject({ ok: true });
    expect(await ack(host.socket, 'timer:next')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await server.server.store.getRoom(room.room.id))!.status).toBe('open');
  });
});
