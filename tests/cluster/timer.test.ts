// Must show 4: two interviewers on two processes send clock commands at the same moment, many
// times. The store takes them one after the other (compare-and-set on the room's version), and
// every socket on every process sees the same sequence of clock states, ending at the one stored.
import { describe, expect, it } from 'vitest';
import type { TimerState } from '../../shared/timer.js';
import { connectControl, createRoom, type ControlSocket } from '../helpers/clients.js';
import { useCluster } from '../helpers/cluster.js';
import { waitFor, type TestServer } from '../helpers/server.js';
import { ack } from '../flow/helpers.js';

const { servers, closers } = useCluster(3);

describe('clock commands from two processes at once', () => {
  it('one consistent state; every socket sees the same sequence', async () => {
    const [a, b, c] = servers as [TestServer, TestServer, TestServer];
    const room = await createRoom(a.url, { title: 'Race' });
    const second = await room.join('interviewer', 'Second');
    const candidate = await room.join('candidate', 'Cy');
    const watchers: { who: string; socket: ControlSocket; clocks: TimerState[] }[] = [];
    for (const [who, server, token] of [
      ['interviewer@a', a, room.hostToken],
      ['interviewer@b', b, second.token],
      ['candidate@a', a, candidate.token],
      ['candidate@b', b, candidate.token],
      ['candidate@c', c, candidate.token],
    ] as const) {
      const { socket } = await connectControl(server.url, token);
      closers.push(() => socket.close());
      const clocks: TimerState[] = [];
      socket.on('timer', (update) => clocks.push(update.timer));
      watchers.push({ who, socket, clocks });
    }
    const [one, two] = [watchers[0]!.socket, watchers[1]!.socket];
    // Pairs of commands sent together, one from each process; some are refused for the state the
    // other left (pausing a paused clock), which is part of being consistent.
    const pairs = [
      ['timer:start', 'timer:start'],
      ['timer:pause', 'timer:next'],
      ['timer:resume', 'timer:pause'],
      ['timer:next', 'timer:next'],
      ['timer:pause', 'timer:resume'],
      ['timer:reset', 'timer:start'],
    ] as const;
    let accepted = 0;
    for (let round = 0; round < 5; round++) {
      for (const [x, y] of pairs) {
        const results = await Promise.all([ack<{ ok: boolean }>(one, x), ack<{ ok: boolean }>(two, y)]);
        accepted += results.filter((r) => r.ok).length;
      }
    }
    expect(accepted).toBeGreaterThan(pairs.length * 5);
    const stored = (await a.server.store.getRoom(room.room.id))!;
    // Every accepted command stored one version; the room started at 1.
    expect(stored.version).toBe(1 + accepted);
    await waitFor(() => watchers.every((w) => w.clocks.length === accepted), 8000, 'every clock update at every socket');
    for (const w of watchers) {
      expect(w.clocks, w.who).toEqual(watchers[0]!.clocks);
      expect(w.clocks.at(-1), w.who).toEqual(stored.timer);
    }
  });
});
