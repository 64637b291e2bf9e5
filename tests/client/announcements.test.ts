// What the live region reads out, as a pure function of what changed.
import { describe, expect, it } from 'vitest';
import type { Agenda } from '../../shared/agenda.js';
import { announcements, type AnnouncedState } from '../../client/src/a11y/announcements.js';
import { initialTimer, type TimerState } from '../../shared/timer.js';

const agenda: Agenda = [
  { name: 'Intro', kind: 'intro', minutes: 10 },
  { name: 'Coding', kind: 'coding', minutes: 30 },
];
const running = (phaseIndex: number, since: number): TimerState => ({ ...initialTimer(), status: 'running', phaseIndex, runningSince: since });
const state = (over: Partial<AnnouncedState>): AnnouncedState => ({
  timer: initialTimer(),
  agenda,
  extraTime: 1,
  guaranteeCoding: false,
  now: 0,
  online: new Map(),
  ended: false,
  ...over,
});

describe('announcements', () => {
  it('say nothing before there is something to compare with', () => {
    expect(announcements(null, state({ online: new Map([['p1', 'Ada']]) }))).toEqual([]);
  });

  it('read out people joining and leaving, the clock starting, phase changes and the end', () => {
    expect(announcements(state({}), state({ online: new Map([['p1', 'Ada']]) }))).toEqual(['Ada joined.']);
    expect(announcements(state({ online: new Map([['p1', 'Ada']]) }), state({}))).toEqual(['Ada left.']);
    expect(announcements(state({}), state({ timer: running(0, 0) }))).toEqual(['The clock has started.']);
    expect(announcements(state({ timer: running(0, 0) }), state({ timer: running(1, 0) }))).toEqual(['Phase 2 of 2: Coding.']);
    const onBreak = { ...running(0, 0), status: 'paused' as const, runningSince: null, breakSince: 5 };
    expect(announcements(state({ timer: running(0, 0) }), state({ timer: onBreak }))).toEqual(['The clock is paused for a break.']);
    expect(announcements(state({}), state({ ended: true }))).toEqual(['The interview has ended.']);
  });

  it('warn once at five minutes and once at one minute left, with the extra time counted', () => {
    const at = (minutesIn: number, extraTime = 1) => state({ timer: running(0, 0), now: minutesIn * 60_000, extraTime });
    expect(announcements(at(4), at(5.5))).toEqual(['5 minutes left in this phase.']);
    expect(announcements(at(5.5), at(6))).toEqual([]);
    expect(announcements(at(8.9), at(9.1))).toEqual(['One minute left in this phase.']);
    // With 1.5× the 10-minute phase lasts 15: no warning at 5.5 minutes in.
    expect(announcements(at(4, 1.5), at(5.5, 1.5))).toEqual([]);
    expect(announcements(at(9.9, 1.5), at(10.1, 1.5))).toEqual(['5 minutes left in this phase.']);
  });
});
