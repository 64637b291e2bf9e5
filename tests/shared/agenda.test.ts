// Must show 2 (pure part): live agenda edits and guaranteed coding time in the pure agenda logic.
import { describe, expect, it } from 'vitest';
import {
  AGENDA_TEMPLATES,
  agendaFromTemplate,
  agendaMinutes,
  currentPhaseMs,
  effectiveAgenda,
  retargetTimer,
  withPhaseIds,
  type Agenda,
} from '../../shared/agenda.js';
import { applyTimerCommand, initialTimer, noteStamp, timerView, type TimerCommand, type TimerState } from '../../shared/timer.js';

const MIN = 60_000;
const round: Agenda = agendaFromTemplate('technical-round'); // intro 5, coding 25, design 20, behavioral 5, questions 5

function run(agenda: Agenda, commands: [TimerCommand, number][], start: TimerState = initialTimer()): TimerState {
  return commands.reduce((state, [command, at]) => {
    const result = applyTimerCommand(state, agenda, command, at);
    if (!result.ok) throw new Error(`${command}@${at}: ${result.reason}`);
    return result.state;
  }, start);
}

describe('agenda templates', () => {
  it('have the planned lengths, and every phase gets an id', () => {
    expect(agendaMinutes(agendaFromTemplate('technical-screen'))).toBe(30);
    expect(agendaFromTemplate('technical-screen').map((p) => [p.kind, p.minutes])).toEqual([
      ['intro', 5],
      ['coding', 20],
      ['questions', 5],
    ]);
    expect(agendaMinutes(round)).toBe(60);
    expect(agendaMinutes(agendaFromTemplate('system-design'))).toBe(45);
    expect(agendaMinutes(agendaFromTemplate('behavioral'))).toBe(30);
    const peer = agendaFromTemplate('peer-mock');
    const swapAt = peer.findIndex((p) => p.kind === 'swap');
    expect(agendaMinutes(peer.slice(0, swapAt))).toBe(30);
    expect(agendaMinutes(peer.slice(swapAt + 1))).toBe(30);
    for (const name of Object.keys(AGENDA_TEMPLATES) as (keyof typeof AGENDA_TEMPLATES)[]) {
      const ids = agendaFromTemplate(name).map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    // A copied phase (same id twice) gets a fresh id; new phases get unused ones.
    const copied = withPhaseIds([round[0]!, round[0]!, { name: 'New', minutes: 3, kind: 'other' }]);
    expect(new Set(copied.map((p) => p.id)).size).toBe(3);
  });
});

describe('live agenda edits: the clock follows its phase', () => {
  it('keeps the current phase and its elapsed time when phases are reordered or renamed', () => {
    const s = run(round, [['start', 0], ['next', 6 * MIN]]); // in coding since 6 min
    const edited = [round[1]!, { ...round[0]!, name: 'Hello' }, ...round.slice(2)].map((p) => (p.kind === 'coding' ? { ...p, minutes: 30 } : p));
    const t = retargetTimer(s, round, edited, 10 * MIN);
    expect(t.phaseIndex).toBe(0);
    expect(timerView(t, edited, 10 * MIN)).toMatchObject({ phaseName: 'Coding', elapsedMs: 4 * MIN, remainingMs: 26 * MIN });
    // The intro's recorded time moved with it.
    expect(t.phaseActualMs[1]).toBe(6 * MIN);
    expect(t.version).toBe(s.version + 1);
  });

  it('moves to the next surviving phase, from zero, when the current phase is removed', () => {
    const s = run(round, [['start', 0], ['next', 5 * MIN]]); // coding
    const without = round.filter((p) => p.kind !== 'coding');
    const t = retargetTimer(s, round, without, 8 * MIN);
    expect(without[t.phaseIndex]!.kind).toBe('system-design');
    expect(timerView(t, without, 9 * MIN).elapsedMs).toBe(1 * MIN);
    // Removing everything after the current phase leaves the clock on the last one.
    const last = retargetTimer(s, round, [round[0]!], 8 * MIN);
    expect(last.phaseIndex).toBe(0);
  });

  it('adding phases before the current one shifts the index', () => {
    const s = run(round, [['start', 0], ['next', 5 * MIN]]);
    const added = withPhaseIds([{ name: 'Warm-up', minutes: 2, kind: 'other' }, ...round]);
    const t = retargetTimer(s, round, added, 6 * MIN);
    expect(added[t.phaseIndex]!.name).toBe('Coding');
    expect(t.phaseActualMs).toEqual([0, 5 * MIN, 0, 0, 0, 0]);
  });
});

describe('guaranteed coding time', () => {
  it('keeps coding at its full minutes and shrinks the later phases when the intro overran', () => {
    // Intro took 11 minutes instead of 5: 6 minutes over.
    const s = run(round, [['start', 0], ['next', 11 * MIN]]);
    const plain = effectiveAgenda(round, s, 12 * MIN, false);
    expect(plain.phases.map((p) => p.effectiveMs)).toEqual([11 * MIN, 25 * MIN, 20 * MIN, 5 * MIN, 5 * MIN]);
    expect(plain.overrunMs).toBe(6 * MIN);

    const g = effectiveAgenda(round, s, 12 * MIN, true);
    expect(g.phases[1]).toMatchObject({ state: 'current', effectiveMs: 25 * MIN, shrunkMs: 0 });
    // 6 minutes come off design (20), behavioral (5) and questions (5) in proportion: 4, 1, 1.
    expect(g.phases.slice(2).map((p) => p.effectiveMs)).toEqual([16 * MIN, 4 * MIN, 4 * MIN]);
    expect(g.projectedTotalMs).toBe(60 * MIN);
    expect(g.overrunMs).toBe(0);
    expect(currentPhaseMs(round, s, 12 * MIN, true)).toBe(25 * MIN);
  });

  it('takes the current phase’s own overtime off the phases after it, never off coding', () => {
    // On time into coding, then coding runs 10 minutes over.
    const s = run(round, [['start', 0], ['next', 5 * MIN]]);
    const g = effectiveAgenda(round, s, 40 * MIN, true);
    expect(g.phases[1]).toMatchObject({ effectiveMs: 25 * MIN, actualMs: 35 * MIN });
    expect(g.phases.slice(2).map((p) => p.effectiveMs)).toEqual([(20 - 20 / 3) * MIN, (5 - 5 / 3) * MIN, (5 - 5 / 3) * MIN].map(Math.round));
    expect(g.projectedTotalMs).toBe(60 * MIN);
  });

  it('a non-coding current phase gives up its share of earlier overruns; phases never go below zero', () => {
    const s = run(round, [['start', 0], ['next', 5 * MIN], ['next', 34 * MIN]]); // coding overran 4 min
    const g = effectiveAgenda(round, s, 35 * MIN, true);
    expect(g.phases[2]).toMatchObject({ state: 'current' });
    expect(g.phases[2]!.effectiveMs).toBeLessThan(20 * MIN);
    expect(timerView(s, round, 35 * MIN, currentPhaseMs(round, s, 35 * MIN, true)).remainingMs).toBe(g.phases[2]!.effectiveMs - MIN);
    // A huge overrun: everything flexible goes to zero and the rest is reported as overrun.
    const huge = run(round, [['start', 0], ['next', 5 * MIN]]);
    const h = effectiveAgenda(round, huge, 100 * MIN, true);
    expect(h.phases.slice(2).every((p) => p.effectiveMs === 0)).toBe(true);
    expect(h.overrunMs).toBe(40 * MIN);
  });

  it('finishing early gives nothing back, and the last phase shows overtime instead of ending', () => {
    const s = run(round, [['start', 0], ['next', 2 * MIN]]);
    expect(effectiveAgenda(round, s, 3 * MIN, true).phases.map((p) => p.effectiveMs).slice(1)).toEqual([25, 20, 5, 5].map((m) => m * MIN));
    const last = run(round, [['start', 0], ['next', 1], ['next', 2], ['next', 3], ['next', 4]]);
    const view = timerView(last, round, 4 + 7 * MIN);
    expect(view).toMatchObject({ isLastPhase: true, overtime: true, status: 'running' });
    expect(applyTimerCommand(last, round, 'next', 5 + 7 * MIN).ok).toBe(false);
  });

  it('note stamps name the phase and the clock', () => {
    const s = run(round, [['start', 0], ['next', 5 * MIN]]);
    expect(noteStamp(s, round, 5 * MIN + 12 * MIN + 31_000)).toBe('[Coding 12:31] ');
  });
});

describe('phase ids across edits', () => {
  it('never gives a new phase the id of one just removed, so the clock does not jump onto it', () => {
    const before = withPhaseIds([
      { name: 'Intro', minutes: 5, kind: 'intro' },
      { name: 'Coding', minutes: 20, kind: 'coding' },
    ]);
    const started = applyTimerCommand(initialTimer(), before, 'start', 0);
    if (!started.ok) throw new Error(started.reason);
    // Remove the running Intro and append a new phase (no id, as a client sends it).
    const after = withPhaseIds([before[1]!, { name: 'Warm-up', minutes: 5, kind: 'other' }], before);
    expect(after[1]!.id).not.toBe(before[0]!.id);
    const timer = retargetTimer(started.state, before, after, 60_000);
    expect(after[timer.phaseIndex]!.name).toBe('Coding');
    expect(timer.phaseElapsedMs).toBe(0);
  });
});
