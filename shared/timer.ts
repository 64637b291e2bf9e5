/**
 * The interview clock as a pure state machine: `applyTimerCommand(state, agenda, command, now)`.
 * The server is the only clock; it stores the state and sends it with `serverNow`, and clients
 * render with `timerView(state, agenda, serverNow + (Date.now() - receivedAt))`, so a skewed client
 * clock never matters. Because a running timer stores the epoch at which it started running, a
 * restarted server finds it still running with the right remaining time.
 *
 * Phases do not advance on their own: a phase that runs past its minutes shows overtime until an
 * interviewer moves on, so "actual vs planned" in the report is what really happened.
 */
import type { Agenda } from './agenda.js';

export type TimerStatus = 'idle' | 'running' | 'paused' | 'stopped';

export interface TimerState {
  status: TimerStatus;
  /** Index into the agenda of the current phase. */
  phaseIndex: number;
  /** Milliseconds spent in the current phase before the current running stretch. */
  phaseElapsedMs: number;
  /** Server epoch ms at which the current running stretch began; null unless running. */
  runningSince: number | null;
  /** Actual milliseconds spent in each phase left so far, by agenda index. */
  phaseActualMs: number[];
  /**
   * A break (an accommodation): the clock is paused and the time is not the phase's. Server epoch
   * ms at which the current break began; null when not on a break.
   */
  breakSince: number | null;
  /** Breaks taken so far, and their total length (the current one not yet counted). */
  breakCount: number;
  breakMs: number;
  /** Bumped on every change, so clients can drop stale states. */
  version: number;
}

export const TIMER_COMMANDS = ['start', 'pause', 'resume', 'reset', 'next', 'stop', 'break'] as const;
export type TimerCommand = (typeof TIMER_COMMANDS)[number];

export type TimerResult = { ok: true; state: TimerState } | { ok: false; reason: string };

export function initialTimer(): TimerState {
  return { status: 'idle', phaseIndex: 0, phaseElapsedMs: 0, runningSince: null, phaseActualMs: [], breakSince: null, breakCount: 0, breakMs: 0, version: 0 };
}

/** A stored state from before breaks existed gets their fields; a full state passes unchanged. */
export function normalizeTimer(stored: Partial<TimerState>): TimerState {
  return { ...initialTimer(), ...stored };
}

/** Ends a break in progress: its length joins `breakMs`. */
function breakEnded(state: TimerState, now: number): Pick<TimerState, 'breakSince' | 'breakMs'> {
  if (state.breakSince === null) return { breakSince: null, breakMs: state.breakMs };
  return { breakSince: null, breakMs: state.breakMs + Math.max(0, now - state.breakSince) };
}

/** Length of the break in progress at `now` (0 when none). */
export function breakElapsed(state: TimerState, now: number): number {
  return state.breakSince === null ? 0 : Math.max(0, now - state.breakSince);
}

/** Time spent in the current phase at `now`. */
export function phaseElapsed(state: TimerState, now: number): number {
  const running = state.status === 'running' && state.runningSince !== null ? Math.max(0, now - state.runningSince) : 0;
  return state.phaseElapsedMs + running;
}

function bump(state: TimerState, changes: Partial<TimerState>): TimerState {
  return { ...state, ...changes, version: state.version + 1 };
}

/** Freezes the running stretch into `phaseElapsedMs`. */
function frozen(state: TimerState, now: number): Pick<TimerState, 'phaseElapsedMs' | 'runningSince'> {
  return { phaseElapsedMs: phaseElapsed(state, now), runningSince: null };
}

function withActual(state: TimerState, now: number): number[] {
  const actual = state.phaseActualMs.slice();
  actual[state.phaseIndex] = phaseElapsed(state, now);
  return Array.from(actual, (ms) => ms ?? 0);
}

export function applyTimerCommand(state: TimerState, agenda: Agenda, command: TimerCommand, now: number): TimerResult {
  if (state.status === 'stopped' && command !== 'stop') return { ok: false, reason: 'the interview has ended' };
  switch (command) {
    case 'start':
      if (state.status === 'running') return { ok: false, reason: 'the timer is already running' };
      if (agenda.length === 0) return { ok: false, reason: 'the agenda is empty' };
      return { ok: true, state: bump(state, { status: 'running', runningSince: now, ...breakEnded(state, now) }) };
    case 'resume':
      if (state.status !== 'paused') return { ok: false, reason: 'the timer is not paused' };
      return { ok: true, state: bump(state, { status: 'running', runningSince: now, ...breakEnded(state, now) }) };
    case 'pause':
      if (state.status !== 'running') return { ok: false, reason: 'the timer is not running' };
      return { ok: true, state: bump(state, { status: 'paused', ...frozen(state, now) }) };
    case 'break':
      // A break pauses the clock like `pause`, and is counted apart so the report can show it.
      if (state.status !== 'running') return { ok: false, reason: 'a break starts from a running clock' };
      return { ok: true, state: bump(state, { status: 'paused', ...frozen(state, now), breakSince: now, breakCount: state.breakCount + 1 }) };
    case 'reset':
      return { ok: true, state: { ...initialTimer(), version: state.version + 1 } };
    case 'next': {
      if (state.phaseIndex >= agenda.length - 1) return { ok: false, reason: 'this is the last phase' };
      const running = state.status === 'running';
      return {
        ok: true,
        state: bump(state, {
          phaseActualMs: withActual(state, now),
          phaseIndex: state.phaseIndex + 1,
          phaseElapsedMs: 0,
          runningSince: running ? now : null,
          // Moving on during a break keeps the break: the clock stays paused until resumed.
        }),
      };
    }
    case 'stop':
      if (state.status === 'stopped') return { ok: true, state };
      return {
        ok: true,
        state: bump(state, { status: 'stopped', phaseActualMs: withActual(state, now), ...frozen(state, now), ...breakEnded(state, now) }),
      };
  }
}

export interface TimerView {
  status: TimerStatus;
  phaseIndex: number;
  phaseName: string;
  /** Planned length of the current phase. */
  phaseMs: number;
  elapsedMs: number;
  /** Negative once the phase runs over. */
  remainingMs: number;
  overtime: boolean;
  /** Less than five minutes left in the phase (and not yet over). */
  warning: boolean;
  isLastPhase: boolean;
}

export const WARNING_MS = 5 * 60_000;

/**
 * `phaseMs` overrides the planned length of the current phase — pass `currentPhaseMs(…)` from
 * `agenda.ts` when the room guarantees coding time and earlier overruns shrank this phase.
 */
export function timerView(state: TimerState, agenda: Agenda, now: number, phaseMs?: number): TimerView {
  const phaseIndex = Math.min(state.phaseIndex, Math.max(0, agenda.length - 1));
  const phase = agenda[phaseIndex];
  phaseMs ??= (phase?.minutes ?? 0) * 60_000;
  const elapsedMs = phaseElapsed(state, now);
  const remainingMs = phaseMs - elapsedMs;
  return {
    status: state.status,
    phaseIndex,
    phaseName: phase?.name ?? '',
    phaseMs,
    elapsedMs,
    remainingMs,
    overtime: remainingMs < 0,
    warning: remainingMs >= 0 && remainingMs < WARNING_MS,
    isLastPhase: phaseIndex >= agenda.length - 1,
  };
}

/** `12:05`, `-1:30` for overtime. */
export function formatClock(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${sign}${minutes}:${String(seconds).padStart(2, '0')}`;
}

/**
 * The one-key timestamp for interview notes: `[Coding 12:31] ` — the phase and the time spent in
 * it, so notes line up with the agenda in the report.
 */
export function noteStamp(state: TimerState, agenda: Agenda, now: number): string {
  const view = timerView(state, agenda, now);
  return `[${view.phaseName || 'Interview'} ${formatClock(view.elapsedMs)}] `;
}
