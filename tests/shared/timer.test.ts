import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENDA, type Agenda } from '../../shared/agenda.js';
import { applyTimerCommand, formatClock, initialTimer, phaseElapsed, timerView, type TimerCommand, type TimerState } from '../../shared/timer.js';

const agenda: Agenda = [
  { name: 'Intro', minutes: 5, kind: 'intro' },
  { name: 'Coding', minutes: 20, kind: 'coding' },
];
const MIN = 60_000;

function run(commands: [TimerCommand, number][], start: TimerState = initialTimer()): TimerState {
  return commands.reduce((state, [command, at]) => {
    const result = applyTimerCommand(state, agenda, command, at);
    if (!result.ok) throw new Error(`${command}@${at}: ${result.reason}`);
    return result.state;
  }, start);
}

describe('timer state machine', () => {
  it('counts only running time, across pause and resume', () => {
    const s = run([['start', 0], ['pause', 2 * MIN], ['resume', 10 * MIN]]);
    expect(phaseElapsed(s, 11 * MIN)).toBe(3 * MIN);
    const view = timerView(s, agenda, 11 * MIN);
    expect(view.remainingMs).toBe(2 * MIN);
    expect(view.warning).toBe(true);
    expect(view.overtime).toBe(false);
  });

  it('shows overtime instead of advancing by itself, and next records the actual duration', () => {
    const s = run([['start', 0]]);
    const over = timerView(s, agenda, 7 * MIN);
    expect(over.phaseIndex).toBe(0);
    expect(over.overtime).toBe(true);
    expect(over.remainingMs).toBe(-2 * MIN);
    const next = run([['next', 7 * MIN]], s);
    expect(next.phaseIndex).toBe(1);
    expect(next.phaseActualMs[0]).toBe(7 * MIN);
    expect(timerView(next, agenda, 8 * MIN).elapsedMs).toBe(1 * MIN);
  });

  it('refuses commands that make no sense with a reason, and never changes state for them', () => {
    const idle = initialTimer();
    expect(applyTimerCommand(idle, agenda, 'pause', 0)).toMatchObject({ ok: false });
    expect(applyTimerCommand(idle, agenda, 'resume', 0)).toMatchObject({ ok: false });
    const running = run([['start', 0]]);
    expect(applyTimerCommand(running, agenda, 'start', 1)).toMatchObject({ ok: false });
    const last = run([['next', 1]], running);
    expect(applyTimerCommand(last, agenda, 'next', 2)).toMatchObject({ ok: false, reason: 'this is the last phase' });
    expect(applyTimerCommand(idle, [], 'start', 0)).toMatchObject({ ok: false });
  });

  it('stops for good: the actual time of the current phase is kept and nothing restarts it', () => {
    const stopped = run([['start', 0], ['next', 6 * MIN], ['stop', 10 * MIN]]);
    expect(stopped.status).toBe('stopped');
    expect(stopped.phaseActualMs).toEqual([6 * MIN, 4 * MIN]);
    expect(phaseElapsed(stopped, 99 * MIN)).toBe(4 * MIN);
    expect(applyTimerCommand(stopped, agenda, 'start', 11 * MIN)).toMatchObject({ ok: false });
    expect(applyTimerCommand(stopped, agenda, 'reset', 11 * MIN)).toMatchObject({ ok: false });
  });

  it('reset goes back to the first phase, idle, with a higher version', () => {
    const s = run([['start', 0], ['next', MIN], ['reset', 2 * MIN]]);
    expect(s).toMatchObject({ status: 'idle', phaseIndex: 0, phaseElapsedMs: 0, runningSince: null });
    expect(s.version).toBe(3);
  });

  it('is independent of the clock a client has: the view depends only on serverNow', () => {
    const s = run([['start', 1_000_000]]);
    expect(timerView(s, DEFAULT_AGENDA, 1_000_000 + 90_000).remainingMs).toBe(5 * MIN - 90_000);
  });

  it('formats clocks, with a minus sign for overtime', () => {
    expect(formatClock(5 * MIN)).toBe('5:00');
    expect(formatClock(61_000)).toBe('1:01');
    expect(formatClock(-90_000)).toBe('-1:30');
  });
});
