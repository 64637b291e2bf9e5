/**
 * What the room says to screen readers, as a pure function of what changed: phases, the clock's
 * state, time warnings at 5 and 1 minute, people joining and leaving. The live region
 * (`Announcer.tsx`) renders the messages; anything else (a run finishing) calls `announce()`.
 */
import { withExtraTime, currentPhaseMs, type Agenda } from '../../../shared/agenda.js';
import { timerView, type TimerState } from '../../../shared/timer.js';

export interface AnnouncedState {
  timer: TimerState | null;
  agenda: Agenda;
  extraTime: number;
  guaranteeCoding: boolean;
  /** Server time now. */
  now: number;
  /** Online people, by id → name; the reader themself left out. */
  online: ReadonlyMap<string, string>;
  ended: boolean;
}

/** Minutes left in a phase at which a warning is read out, largest first. */
export const WARNING_MINUTES = [5, 1] as const;

/** Which warning threshold (in minutes) the remaining time is under, or null. */
function warningLevel(state: AnnouncedState): number | null {
  if (!state.timer || state.timer.status !== 'running') return null;
  const agenda = withExtraTime(state.agenda, state.extraTime);
  const view = timerView(state.timer, agenda, state.now, currentPhaseMs(agenda, state.timer, state.now, state.guaranteeCoding));
  if (view.remainingMs <= 0) return null;
  let level: number | null = null;
  for (const minutes of WARNING_MINUTES) if (view.remainingMs <= minutes * 60_000) level = minutes;
  return level;
}

export function announcements(before: AnnouncedState | null, after: AnnouncedState): string[] {
  const out: string[] = [];
  if (!before) return out;
  if (after.ended && !before.ended) out.push('The interview has ended.');
  const was = before.timer;
  const now = after.timer;
  if (now && was && !after.ended) {
    const phase = after.agenda[now.phaseIndex];
    if (now.phaseIndex !== was.phaseIndex && phase) {
      out.push(`Phase ${now.phaseIndex + 1} of ${after.agenda.length}: ${phase.name}.`);
    }
    if (now.breakSince !== null && was.breakSince === null) out.push('The clock is paused for a break.');
    else if (now.status !== was.status) {
      if (now.status === 'running') out.push(was.status === 'idle' ? 'The clock has started.' : 'The clock is running again.');
      if (now.status === 'paused') out.push('The clock is paused.');
    }
  }
  const level = warningLevel(after);
  const previous = warningLevel(before);
  if (level !== null && level !== previous && (before.timer?.phaseIndex === after.timer?.phaseIndex)) {
    out.push(level === 1 ? 'One minute left in this phase.' : `${level} minutes left in this phase.`);
  }
  for (const [id, name] of after.online) if (!before.online.has(id)) out.push(`${name} joined.`);
  for (const [id, name] of before.online) if (!after.online.has(id)) out.push(`${name} left.`);
  return out;
}

type Listener = (message: string) => void;
const listeners = new Set<Listener>();

/** Reads `message` out in the room's live region (a run finishing, a refused action…). */
export function announce(message: string): void {
  for (const listener of listeners) listener(message);
}

export function onAnnounce(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
