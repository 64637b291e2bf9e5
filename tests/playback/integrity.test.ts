// Must show 3: pastes and focus changes from the candidate's page become room events stamped with
// the server's time, visible in the replay and to the candidate themselves — and nothing else.
import { describe, expect, it } from 'vitest';
import type { ReplayEvent, ReplayResponse } from '../../shared/replay.js';
import { INTEGRITY_NOTICE, PASTE_REPORT_MIN_CHARS } from '../../shared/replay.js';
import { api, connectControl, createRoom, type ControlSocket } from '../helpers/clients.js';
import { useServer } from '../helpers/server.js';
import { ack } from '../flow/helpers.js';

const { server, sockets } = useServer();

async function control(token: string): Promise<ControlSocket> {
  const { socket } = await connectControl(server.url, token);
  sockets.push(socket);
  return socket;
}

type Ack<T> = { ok: true } & T;

describe('integrity signals', () => {
  it('stores pastes and focus changes with server time; the candidate reads back their own', async () => {
    const room = await createRoom(server.url);
    const candidate = await room.join('candidate', 'Cam');
    const cam = await control(candidate.token);
    const host = await control(room.hostToken);

    const before = Date.now();
    const paste = await ack<Ack<{ event: ReplayEvent }>>(cam, 'integrity:report', { kind: 'paste', chars: 240 });
    const blur = await ack<Ack<{ event: ReplayEvent }>>(cam, 'integrity:report', { kind: 'focus', focused: false });
    const back = await ack<Ack<{ event: ReplayEvent }>>(cam, 'integrity:report', { kind: 'focus', focused: true });
    const after = Date.now();
    expect(paste).toMatchObject({ ok: true, event: { kind: 'paste', by: candidate.participant.id, data: { chars: 240 } } });
    expect(blur.event.data).toEqual({ focused: false });
    expect(back.event.data).toEqual({ focused: true });

    // The replay holds them, with the server's time (the page sends none).
    const replay = await api<ReplayResponse>(server.url, 'GET', `/api/rooms/${room.room.id}/replay`, { token: room.hostToken });
    const signals = replay.body.events.filter((e) => e.kind === 'paste' || e.kind === 'focus');
    expect(signals.map((e) => [e.kind, e.by, e.data])).toEqual([
      ['paste', candidate.participant.id, { chars: 240 }],
      ['focus', candidate.participant.id, { focused: false }],
      ['focus', candidate.participant.id, { focused: true }],
    ]);
    for (const e of signals) {
      expect(e.t).toBeGreaterThanOrEqual(before);
      expect(e.t).toBeLessThanOrEqual(after);
    }
    expect(signals.map((e) => e.t)).toEqual([paste.event.t, blur.event.t, back.event.t]);

    // The candidate sees exactly their own signals.
    const mine = await ack<Ack<{ events: ReplayEvent[] }>>(cam, 'integrity:mine');
    expect(mine.events).toEqual(signals);
    const hostsOwn = await ack<Ack<{ events: ReplayEvent[] }>>(host, 'integrity:mine');
    expect(hostsOwn.events).toEqual([]);

    // The notice the candidate is shown names each kind of signal and the paste threshold.
    const notice = INTEGRITY_NOTICE.items.join(' ');
    expect(notice).toContain(`Pastes of ${PASTE_REPORT_MIN_CHARS} characters`);
    expect(notice).toMatch(/loses or regains focus/);
  });

  it('takes nothing but a size or a focus flag, only from the candidate, only while the room is open', async () => {
    const room = await createRoom(server.url);
    const candidate = await room.join('candidate');
    const observer = await room.join('observer');
    const cam = await control(candidate.token);
    const bad = [
      { kind: 'paste', chars: 240, text: 'the pasted text' },
      { kind: 'paste', chars: PASTE_REPORT_MIN_CHARS - 1 },
      { kind: 'paste', chars: 'many' },
      { kind: 'focus', focused: 'no' },
      { kind: 'screenshot' },
      null,
    ];
    for (const payload of bad) {
      expect(await ack(cam, 'integrity:report', payload)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    for (const token of [room.hostToken, observer.token]) {
      const other = await control(token);
      expect(await ack(other, 'integrity:report', { kind: 'focus', focused: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const host = await control(room.hostToken);
    expect(await ack(host, 'room:end')).toMatchObject({ ok: true });
    expect(await ack(cam, 'integrity:report', { kind: 'focus', focused: false })).toMatchObject({ ok: false, error: { code: 'gone' } });

    const replay = await api<ReplayResponse>(server.url, 'GET', `/api/rooms/${room.room.id}/replay`, { token: room.hostToken });
    expect(replay.body.events.some((e) => e.kind === 'paste' || e.kind === 'focus')).toBe(false);
  });

  it('timer changes carry the clock state, so playback can show the clock as it was', async () => {
    const room = await createRoom(server.url);
    const host = await control(room.hostToken);
    expect(await ack(host, 'timer:start')).toMatchObject({ ok: true });
    expect(await ack(host, 'timer:next')).toMatchObject({ ok: true });
    const replay = await api<ReplayResponse>(server.url, 'GET', `/api/rooms/${room.room.id}/replay`, { token: room.hostToken });
    const timers = replay.body.events.filter((e) => e.kind === 'timer');
    expect(timers.map((e) => e.data)).toMatchObject([
      { command: 'start', timer: { status: 'running', phaseIndex: 0, runningSince: timers[0]!.t } },
      { command: 'next', timer: { status: 'running', phaseIndex: 1 } },
    ]);
  });
});
