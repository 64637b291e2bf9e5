/**
 * Interview agendas: an ordered list of phases, each with its planned minutes; the built-in
 * templates; live edits (which phase the clock is on after an edit); and the "guaranteed coding
 * time" arithmetic every client renders. Pure: no clock, no I/O.
 */
import type { TimerState } from './timer.js';
import { phaseElapsed } from './timer.js';

export const PHASE_KINDS = ['intro', 'coding', 'system-design', 'behavioral', 'questions', 'swap', 'other'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

export interface Phase {
  /**
   * Stable id, so a live edit that renames, moves or removes phases keeps the clock on the right
   * one. The server gives every stored phase an id; clients send it back unchanged when editing.
   */
  id?: string;
  name: string;
  minutes: number;
  kind: PhaseKind;
}

export type Agenda = Phase[];

/** Bounds on an agenda a client may send: generous for real interviews, small enough to store. */
export const AGENDA_LIMITS = { maxPhases: 20, maxMinutes: 240, maxNameLength: 60 } as const;

export const AGENDA_TEMPLATES = {
  'technical-screen': {
    label: 'Technical screen (30 min)',
    phases: [
      { name: 'Intro', minutes: 5, kind: 'intro' },
      { name: 'Coding', minutes: 20, kind: 'coding' },
      { name: 'Candidate questions', minutes: 5, kind: 'questions' },
    ],
  },
  'technical-round': {
    label: 'Technical round (60 min)',
    phases: [
      { name: 'Intro', minutes: 5, kind: 'intro' },
      { name: 'Coding', minutes: 25, kind: 'coding' },
      { name: 'System design', minutes: 20, kind: 'system-design' },
      { name: 'Behavioral (STAR)', minutes: 5, kind: 'behavioral' },
      { name: 'Candidate questions', minutes: 5, kind: 'questions' },
    ],
  },
  'system-design': {
    label: 'System design (45 min)',
    phases: [
      { name: 'Intro', minutes: 5, kind: 'intro' },
      { name: 'Requirements and API', minutes: 10, kind: 'system-design' },
      { name: 'Design and deep dive', minutes: 25, kind: 'system-design' },
      { name: 'Candidate questions', minutes: 5, kind: 'questions' },
    ],
  },
  behavioral: {
    label: 'Behavioral (30 min)',
    phases: [
      { name: 'Intro', minutes: 3, kind: 'intro' },
      { name: 'Behavioral questions (STAR)', minutes: 22, kind: 'behavioral' },
      { name: 'Candidate questions', minutes: 5, kind: 'questions' },
    ],
  },
  'peer-mock': {
    label: 'Peer mock (2 × 30 min)',
    phases: [
      { name: 'Round 1: intro', minutes: 3, kind: 'intro' },
      { name: 'Round 1: coding', minutes: 22, kind: 'coding' },
      { name: 'Round 1: feedback', minutes: 5, kind: 'other' },
      { name: 'Swap', minutes: 1, kind: 'swap' },
      { name: 'Round 2: intro', minutes: 3, kind: 'intro' },
      { name: 'Round 2: coding', minutes: 22, kind: 'coding' },
      { name: 'Round 2: feedback', minutes: 5, kind: 'other' },
    ],
  },
} as const satisfies Record<string, { label: string; phases: readonly Omit<Phase, 'id'>[] }>;
export type AgendaTemplate = keyof typeof AGENDA_TEMPLATES;
export const AGENDA_TEMPLATE_NAMES = Object.keys(AGENDA_TEMPLATES) as AgendaTemplate[];

export function agendaFromTemplate(template: AgendaTemplate): Agenda {
  return withPhaseIds(AGENDA_TEMPLATES[template].phases.map((p) => ({ ...p })));
}

/** The default: a 60-minute technical round. */
export const DEFAULT_AGENDA: Agenda = AGENDA_TEMPLATES['technical-round'].phases.map((p) => ({ ...p }));

/**
 * Extra time, an accommodation: every phase of the agenda gets `factor` times its minutes. The
 * stored agenda keeps the plan as written; everything that times phases (the clock, the report)
 * reads `withExtraTime(agenda, factor)`.
 */
export const EXTRA_TIME_FACTORS = [1, 1.25, 1.5, 2] as const;
export type ExtraTimeFactor = (typeof EXTRA_TIME_FACTORS)[number];

export function withExtraTime(agenda: Agenda, factor: number): Agenda {
  return factor === 1 ? agenda : agenda.map((phase) => ({ ...phase, minutes: phase.minutes * factor }));
}

export function agendaMinutes(agenda: Agenda): number {
  return agenda.reduce((sum, phase) => sum + phase.minutes, 0);
}

/**
 * Gives every phase without an id a fresh one (`p1`, `p2`, …) used neither in this agenda nor in
 * `previous`: a new phase must never inherit the id — and so the clock — of one just removed.
 */
export function withPhaseIds(agenda: Agenda, previous: Agenda = []): Agenda {
  const used = new Set([...agenda, ...previous].map((p) => p.id).filter((id): id is string => typeof id === 'string'));
  let n = 1;
  const seen = new Set<string>();
  return agenda.map((phase) => {
    // A duplicated id (a client copying a phase) would make two phases one: the copy gets a new id.
    if (phase.id !== undefined && !seen.has(phase.id)) {
      seen.add(phase.id);
      return phase;
    }
    while (used.has(`p${n}`) || seen.has(`p${n}`)) n++;
    const id = `p${n}`;
    seen.add(id);
    return { ...phase, id };
  });
}

function samePhase(a: Phase, b: Phase): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  return a.name === b.name && a.kind === b.kind;
}

/**
 * The clock after a live agenda edit. Recorded actual durations follow their phase wherever it
 * moved (and are dropped with a removed phase); the clock stays on the current phase wherever it
 * moved, keeping its elapsed time. When the current phase was removed, the clock moves to the
 * first surviving phase that came after it (or the last phase) and starts that one from zero —
 * time in a phase nobody plans any more counts nowhere, which is what "planned vs actual" means.
 */
export function retargetTimer(timer: TimerState, before: Agenda, after: Agenda, now: number): TimerState {
  const indexIn = (phase: Phase | undefined): number => (phase ? after.findIndex((p) => samePhase(p, phase)) : -1);
  const actual: number[] = after.map(() => 0);
  before.forEach((phase, i) => {
    const j = indexIn(phase);
    if (j >= 0 && i !== timer.phaseIndex) actual[j] = timer.phaseActualMs[i] ?? 0;
  });
  const current = indexIn(before[timer.phaseIndex]);
  if (current >= 0) {
    return { ...timer, phaseIndex: current, phaseActualMs: actual, version: timer.version + 1 };
  }
  let next = after.length - 1;
  for (let i = timer.phaseIndex + 1; i < before.length; i++) {
    const j = indexIn(before[i]);
    if (j >= 0) {
      next = j;
      break;
    }
  }
  const running = timer.status === 'running';
  return {
    ...timer,
    phaseIndex: Math.max(0, next),
    phaseElapsedMs: 0,
    runningSince: running ? now : null,
    phaseActualMs: actual,
    version: timer.version + 1,
  };
}

export type PhaseState = 'done' | 'current' | 'upcoming';

export interface EffectivePhase {
  index: number;
  name: string;
  kind: PhaseKind;
  plannedMs: number;
  /**
   * What the phase gets now: its plan, less its share of earlier overruns when coding time is
   * guaranteed (never below zero); for a finished phase, what it actually took.
   */
  effectiveMs: number;
  /** How much the guarantee took off this phase. */
  shrunkMs: number;
  /** Measured time: finished phases, and the current one so far; null for upcoming phases. */
  actualMs: number | null;
  state: PhaseState;
}

export interface EffectiveAgenda {
  phases: EffectivePhase[];
  plannedTotalMs: number;
  /** Finished phases as they went, the rest as they now stand. */
  projectedTotalMs: number;
  /** How far past the planned end the interview will run (0 when on time). */
  overrunMs: number;
}

/** Takes up to `amount` off the `targets`, in proportion to their capacity; returns what was taken. */
function shrink(eff: number[], targets: number[], amount: number): number {
  let left = Math.max(0, Math.round(amount));
  // Repeat because a phase that hits zero passes the rest of its share to the others.
  for (let round = 0; round < 8 && left > 0; round++) {
    const open = targets.filter((i) => (eff[i] ?? 0) > 0);
    const capacity = open.reduce((sum, i) => sum + (eff[i] ?? 0), 0);
    if (capacity === 0) break;
    const total = left;
    open.forEach((i, k) => {
      const share = k === open.length - 1 ? left : Math.floor((total * (eff[i] ?? 0)) / capacity);
      const take = Math.min(eff[i] ?? 0, share, left);
      eff[i] = (eff[i] ?? 0) - take;
      left -= take;
    });
  }
  return Math.max(0, Math.round(amount)) - left;
}

/**
 * The agenda as it stands at `now`. With `guaranteeCoding`, the interview keeps its planned end:
 * whatever earlier phases overran (net of phases that finished early) comes off the phases still
 * ahead — never off a coding phase, which keeps its full minutes — in proportion to their length.
 * The current phase only gives up its share of overruns from before it started; its own overtime
 * comes off the phases after it. Without the guarantee every phase keeps its plan.
 */
export function effectiveAgenda(agenda: Agenda, timer: TimerState, now: number, guaranteeCoding: boolean): EffectiveAgenda {
  const stopped = timer.status === 'stopped';
  const current = Math.min(timer.phaseIndex, Math.max(0, agenda.length - 1));
  const planned = agenda.map((p) => p.minutes * 60_000);
  const elapsedNow = phaseElapsed(timer, now);
  const state = (i: number): PhaseState => (i < current || (stopped && i === current) ? 'done' : i === current ? 'current' : 'upcoming');
  const actual = agenda.map((_, i) =>
    state(i) === 'done' ? (i === current ? elapsedNow : (timer.phaseActualMs[i] ?? 0)) : state(i) === 'current' ? elapsedNow : null,
  );
  const eff = planned.slice();
  if (guaranteeCoding && !stopped) {
    let doneOver = 0;
    for (let i = 0; i < current; i++) doneOver += (actual[i] ?? 0) - (planned[i] ?? 0);
    const flexible = (from: number) => agenda.map((p, i) => (i >= from && p.kind !== 'coding' ? i : -1)).filter((i) => i >= 0);
    shrink(eff, flexible(current), Math.max(0, doneOver));
    const currentOver = Math.max(0, elapsedNow - (eff[current] ?? 0));
    shrink(eff, flexible(current + 1), currentOver);
  }
  const phases = agenda.map((p, i): EffectivePhase => {
    const s = state(i);
    return {
      index: i,
      name: p.name,
      kind: p.kind,
      plannedMs: planned[i] ?? 0,
      effectiveMs: s === 'done' ? (actual[i] ?? 0) : (eff[i] ?? 0),
      shrunkMs: s === 'done' ? 0 : (planned[i] ?? 0) - (eff[i] ?? 0),
      actualMs: actual[i] ?? null,
      state: s,
    };
  });
  const plannedTotalMs = planned.reduce((a, b) => a + b, 0);
  const projectedTotalMs = phases.reduce(
    (sum, p) => sum + (p.state === 'current' ? Math.max(p.effectiveMs, p.actualMs ?? 0) : p.effectiveMs),
    0,
  );
  return { phases, plannedTotalMs, projectedTotalMs, overrunMs: Math.max(0, projectedTotalMs - plannedTotalMs) };
}

/** Length the clock should count down for the current phase (`timerView` takes it as an override). */
export function currentPhaseMs(agenda: Agenda, timer: TimerState, now: number, guaranteeCoding: boolean): number {
  const view = effectiveAgenda(agenda, timer, now, guaranteeCoding);
  return view.phases[Math.min(timer.phaseIndex, Math.max(0, agenda.length - 1))]?.effectiveMs ?? 0;
}
