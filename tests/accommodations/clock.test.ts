// Accommodations as pure logic: a break pauses the clock and is counted apart; extra time
// lengthens every phase wherever phases are timed.
import { describe, expect, it } from 'vitest';
import { effectiveAgenda, withExtraTime, type Agenda } from '../../shared/agenda.js';
import { applyTimerCommand, breakElapsed, initialTimer, normalizeTimer, timerView, type TimerCommand, type TimerState } from '../../shared/timer.js';

const agenda: Agenda = [
  { name: 'Intro', kind: 'intro', minutes: 4 },
  { name: 'Coding', kind: 'coding', minutes: 20 },
];

function walk(steps: [TimerCommand, number][]): TimerState {
  let state = initialTimer();
  for (const [command, at] of steps) {
    const result = applyTimerCommand(state, agenda, command, at);
    if (!result.ok) throw new Error(`${command} at ${at}: ${result.reason}`);
    state = result.state;
  }
  return state;
}

describe('breaks', () => {
  it('pause the clock, and their time counts as break time, not phase time', () => {
    const onBreak = walk([['start', 0], ['break', 60_000]]);
    expect(onBreak).toMatchObject({ status: 'paused', breakSince: 60_000, breakCount: 1, breakMs: 0 });
    expect(breakElapsed(onBreak, 90_000)).toBe(30_000);
    // The phase's clock does not move during the break.
    expect(timerView(onBreak, agenda, 10 * 60_000).elapsedMs).toBe(60_000);

    const back = walk([['start', 0], ['break', 60_000], ['resume', 360_000]]);
    expect(back).toMatchObject({ status: 'running', breakSince: null, breakCount: 1, breakMs: 300_000 });
    expect(timerView(back, agenda, 420_000).elapsedMs).toBe(120_000);

    const two = walk([['start', 0], ['break', 1000], ['resume', 3000], ['break', 4000], ['stop', 10_000]]);
    expect(two).toMatchObject({ status: 'stopped', breakSince: null, breakCount: 2, breakMs: 8000 });
  });

  it('start only from a running clock; a plain pause is no break', () => {
    expect(applyTimerCommand(initialTimer(), agenda, 'break', 0)).toMatchObject({ ok: false });
    const paused = walk([['start', 0], ['pause', 1000]]);
    expect(applyTimerCommand(paused, agenda, 'break', 2000)).toMatchObject({ ok: false });
    expect(walk([['start', 0], ['pause', 1000], ['resume', 5000]])).toMatchObject({ breakCount: 0, breakMs: 0 });
  });

  it('a state stored before breaks existed reads with none', () => {
    const { breakSince: _s, breakCount: _c, breakMs: _m, ...old } = walk([['start', 0]]);
    expect(normalizeTimer(old)).toMatchObject({ status: 'running', breakSince: null, breakCount: 0, breakMs: 0 });
  });
});

describe('extra time', () => {
  it('multiplies every phase, in the clock and in the plan', () => {
    const longer = withExtraTime(agenda, 1.5);
    expect(longer.map((p) => p.minutes)).toEqual([6, 30]);
    expect(agenda.map((p) => p.minutes)).toEqual([4, 20]); // the plan as written is kept
    const running = walk([['start', 0]]);
    expect(timerView(running, longer, 60_000).remainingMs).toBe(5 * 60_000);
    expect(effectiveAgenda(longer, running, 0, false).plannedTotalMs).toBe(36 * 60_000);
    expect(withExtraTime(agenda, 1)).toBe(agenda);
  });
});
