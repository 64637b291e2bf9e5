// Must show 4 of the accessibility issue: the extra-time factor reaches every client, changes
// every phase's length there and in the report; breaks pause the clock for everyone and are
// recorded in the report. Only interviewers give either.
import { describe, expect, it } from 'vitest';
import { withExtraTime } from '../../shared/agenda.js';
import type { RoomInfo, TimerUpdate } from '../../shared/protocol.js';
import type { InterviewReport } from '../../shared/report.js';
import { timerView } from '../../shared/timer.js';
import { api, connectControl, createRoom, type ControlSocket } from '../helpers/clients.js';
import { useServer } from '../helpers/server.js';
import { ack } from '../flow/helpers.js';

const { server, sockets } = useServer();

function nextEvent<T>(socket: ControlSocket, event: 'timer' | 'room', match: (v: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const on = socket as unknown as { on(e: string, l: (v: T) => void): void; off(e: string, l: (v: T) => void): void };
    const listener = (value: T) => {
      if (!match(value)) return;
      on.off(event, listener);
      resolve(value);
    };
    on.on(event, listener);
  });
}

describe('accommodations in a live room', () => {
  it('extra time and breaks reach every socket and the report', async () => {
    const room = await createRoom(server.url, { template: 'technical-screen' });
    const host = await connectControl(server.url, room.hostToken);
    const cand = await connectControl(server.url, (await room.join('candidate', 'Cy')).token);
    const obs = await connectControl(server.url, (await room.join('observer', 'Oz')).token);
    sockets.push(host.socket, cand.socket, obs.socket);
    expect(host.state.room.extraTime).toBe(1);

    // Only interviewers give extra time, and only the offered factors.
    expect(await ack(cand.socket, 'room:settings', { extraTime: 1.5 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ack(host.socket, 'room:settings', { extraTime: 1.3 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    const seen = [host, cand, obs].map((c) => nextEvent<RoomInfo>(c.socket, 'room', (r) => r.extraTime === 1.5));
    expect(await ack(host.socket, 'room:settings', { extraTime: 1.5 })).toMatchObject({ ok: true });
    const rooms = await Promise.all(seen);
    const planned = room.room.agenda.map((p) => p.minutes);
    for (const info of rooms) {
      // What every client's clock times: each phase 1.5 times its plan.
      expect(withExtraTime(info.agenda, info.extraTime).map((p) => p.minutes)).toEqual(planned.map((m) => m * 1.5));
    }
    // A reconnecting client gets it in its first state.
    const late = await connectControl(server.url, (await room.join('observer', 'Late')).token);
    sockets.push(late.socket);
    expect(late.state.room.extraTime).toBe(1.5);

    expect(await ack(host.socket, 'timer:start')).toMatchObject({ ok: true });
    expect(await ack(cand.socket, 'timer:break')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const breaks = [host, cand, obs].map((c) => nextEvent<TimerUpdate>(c.socket, 'timer', (u) => u.timer.breakSince !== null));
    expect(await ack(host.socket, 'timer:break')).toMatchObject({ ok: true });
    for (const update of await Promise.all(breaks)) {
      expect(update.timer).toMatchObject({ status: 'paused', breakCount: 1 });
      const view = timerView(update.timer, withExtraTime(update.agenda, 1.5), update.serverNow);
      expect(view.phaseMs).toBe(planned[0]! * 1.5 * 60_000);
    }
    const resumed = nextEvent<TimerUpdate>(cand.socket, 'timer', (u) => u.timer.status === 'running' && u.timer.breakSince === null);
    expect(await ack(host.socket, 'timer:resume')).toMatchObject({ ok: true });
    expect((await resumed).timer.breakCount).toBe(1);
    expect(await ack(host.socket, 'room:end')).toMatchObject({ ok: true });

    const report = await api<InterviewReport>(server.url, 'GET', `/api/rooms/${room.room.id}/report`, {
      token: room.hostToken,
      headers: { accept: 'application/json' },
    });
    expect(report.status).toBe(200);
    expect(report.body.agenda.phases.map((p) => p.plannedMs)).toEqual(planned.map((m) => m * 1.5 * 60_000));
    expect(report.body.accommodations).toMatchObject({ extraTime: 1.5, breaks: 1 });
    expect(report.body.accommodations.breakMs).toBeGreaterThanOrEqual(0);
    const md = await fetch(`${server.url}/api/rooms/${room.room.id}/report`, {
      headers: { authorization: `Bearer ${room.hostToken}`, accept: 'text/markdown' },
    });
    const text = await md.text();
    expect(text).toContain('Extra time: 1.5× on every phase');
    expect(text).toMatch(/Breaks: 1, \d+:\d\d in all/);
  });
});
