/**
 * The playback page's model, pure: from a replay (`shared/replay.ts`) to one track per person
 * (edit density), the markers on the scrubber, the idle gaps to skip, the clock as it was, and
 * where the playhead goes next while playing. No DOM, so it is unit-tested directly.
 *
 * Positions on the timeline are offsets in ms from the room's start (`?t=` uses the same).
 */
import { describePeopleEvent, isPeopleEventKind } from '../../../shared/people.js';
import { withExtraTime, type Agenda } from '../../../shared/agenda.js';
import type { Participant } from '../../../shared/protocol.js';
import type { ClockEventData, ReplayEvent, ReplayResponse } from '../../../shared/replay.js';
import { formatClock, timerView, type TimerState, type TimerView } from '../../../shared/timer.js';
import { PAD } from '../../../shared/schema.js';
import { DocTimeline, type TextSpan } from './timeline.js';

export const SPEEDS = [1, 2, 5, 10] as const;
export type Speed = (typeof SPEEDS)[number];

/** Nothing happening for this long (interview time) is an idle gap that "skip idle" jumps over. */
export const IDLE_GAP_MS = 20_000;
/** Skipping lands this long before the next activity, so it is seen coming. */
export const IDLE_LEAD_MS = 1_500;
/** Edits younger than this (interview time) are tinted by author on the pad. */
export const RECENT_EDIT_MS = 30_000;
/** Buckets of each person's edit-density track. */
export const TRACK_BUCKETS = 120;

export type MarkerKind = 'phase' | 'reveal' | 'run' | 'paste' | 'focus' | 'swap' | 'end' | 'people';

export interface Marker {
  /** Offset from the start, ms. */
  at: number;
  kind: MarkerKind;
  label: string;
  by: string | null;
  event: ReplayEvent;
}

export interface Track {
  participant: Participant;
  /** Edits per bucket, scaled 0..1 against the busiest bucket of anyone. */
  density: number[];
  edits: number;
}

export interface ClockAt {
  view: TimerView;
  agenda: Agenda;
  text: string;
}

const OTHER: Participant = { id: 'server', name: 'Duet', role: 'observer', color: '#94a3b8' };

/** A marker for the events playback shows on the scrubber; the rest (invites, settings) are not moments. */
function markerOf(e: ReplayEvent, start: number, name: (id: string | null) => string, question: (id: unknown) => string): Marker | null {
  const at = e.t - start;
  const data = e.data ?? {};
  const who = name(e.by);
  const base = { at, by: e.by, event: e };
  switch (e.kind) {
    case 'timer': {
      const command = String(data['command'] ?? '');
      const phase = typeof data['phaseIndex'] === 'number' ? ` (phase ${data['phaseIndex'] + 1})` : '';
      if (command === 'pause' || command === 'resume' || command === 'break') return { ...base, kind: 'phase', label: `Clock ${command === 'break' ? 'break' : command + 'd'} by ${who}` };
      return { ...base, kind: 'phase', label: `${command === 'next' ? 'Next phase' : command === 'start' ? 'Clock started' : `Clock ${command}`}${phase}` };
    }
    case 'agenda':
      return { ...base, kind: 'phase', label: `Agenda changed by ${who}` };
    case 'reveal':
      return { ...base, kind: 'reveal', label: `Question revealed: ${question(data['questionId'])}` };
    case 'run': {
      // A finished run (shared/run.ts `RunRecord`), logged when it ended; click shows its output.
      const tests = Array.isArray(data['tests']) ? (data['tests'] as { passed?: unknown }[]) : null;
      const passed = tests ? `, ${tests.filter((t) => t.passed === true).length}/${tests.length} tests passed` : '';
      return { ...base, kind: 'run', label: `${who} ran ${String(data['language'] ?? 'code')}: ${String(data['status'] ?? 'done')}${passed}` };
    }
    case 'paste':
      return { ...base, kind: 'paste', label: `${who} pasted ${String(data['chars'] ?? '?')} characters` };
    case 'focus':
      return { ...base, kind: 'focus', label: data['focused'] ? `${who}'s window regained focus` : `${who}'s window lost focus` };
    case 'swap':
      return { ...base, kind: 'swap', label: `Seats swapped: seat ${String(data['interviewerSeat'] ?? '?').toUpperCase()} interviews` };
    case 'end':
      return { ...base, kind: 'end', label: who === 'Duet' ? 'Interview ended (abandoned)' : `Interview ended by ${who}` };
    default:
      // Admissions, removals, role changes, the pad lock, "follow me" (shared/people.ts).
      return isPeopleEventKind(e.kind) ? { ...base, kind: 'people', label: describePeopleEvent(e.kind, e.by, data, name) } : null;
  }
}

/** The pad after its first `applied` updates: what the page shows at a moment. */
export interface PadMoment {
  applied: number;
  code: string;
  /** The code split by the update that typed each run (for tinting recent edits). */
  spans: TextSpan[];
  language: unknown;
  /** The board's shapes, as `toJSON()` of the shapes map gave them. */
  shapes: Record<string, unknown>;
}

export function padMoment(pad: DocTimeline, applied: number): PadMoment {
  const { text, spans } = pad.textAt(PAD.code, applied);
  return { applied, code: text, spans, language: pad.mapAt(PAD.meta, applied)['language'], shapes: pad.mapAt(PAD.shapes, applied) };
}

export class PlaybackModel {
  readonly start: number;
  readonly duration: number;
  readonly pad: DocTimeline;
  readonly people: Participant[];
  readonly tracks: Track[];
  readonly markers: Marker[];
  /** `[from, to)` offsets with nothing happening for at least `IDLE_GAP_MS`. */
  readonly idleGaps: [number, number][];
  private readonly clocks: { at: number; timer: TimerState | null; agenda: Agenda | null }[];
  private readonly byId: Map<string, Participant>;
  /** The last moment read: while playing, most frames fall between the same two updates. */
  private shown: PadMoment | null = null;

  constructor(readonly replay: ReplayResponse) {
    this.start = replay.start;
    this.duration = Math.max(1, replay.end - replay.start);
    this.pad = new DocTimeline(replay.docs.pad ?? [], [PAD.code]);
    this.people = replay.participants;
    this.byId = new Map(replay.participants.map((p) => [p.id, p]));
    const name = (id: string | null) => (id ? (this.byId.get(id)?.name ?? 'someone') : 'Duet');
    const titles = new Map(replay.room.revealed.map((r) => [r.question.id, r.question.title]));
    const question = (id: unknown) => titles.get(String(id)) ?? String(id);
    this.markers = replay.events.map((e) => markerOf(e, this.start, name, question)).filter((m): m is Marker => m !== null);
    this.tracks = this.buildTracks();
    this.idleGaps = this.findIdleGaps();
    this.clocks = replay.events
      .filter((e) => e.data && ('timer' in e.data || 'agenda' in e.data))
      .map((e) => {
        const data = e.data as ClockEventData;
        return { at: e.t - this.start, timer: data.timer ?? null, agenda: data.agenda ?? null };
      });
  }

  person(id: string | null): Participant {
    return (id && this.byId.get(id)) || OTHER;
  }

  /** Clamps an offset to the recording. */
  clamp(at: number): number {
    return Math.min(this.duration, Math.max(0, Number.isFinite(at) ? at : 0));
  }

  /** The pad (code, language, board) at offset `at`. */
  padAt(at: number): PadMoment {
    const applied = this.pad.countAt(this.start + at);
    if (this.shown?.applied !== applied) this.shown = padMoment(this.pad, applied);
    return this.shown;
  }

  /**
   * The clock as it was at `at`: the last clock state recorded before it, run on to `at`. Rooms
   * recorded before clock states were logged show the current agenda and an idle clock.
   */
  clockAt(at: number): ClockAt {
    let timer: TimerState | null = null;
    let agenda: Agenda | null = null;
    for (const c of this.clocks) {
      if (c.at > at) break;
      if (c.timer) timer = c.timer;
      if (c.agenda) agenda = c.agenda;
    }
    const plan = withExtraTime(agenda ?? this.replay.room.agenda, this.replay.room.extraTime);
    const state: TimerState = timer ?? { status: 'idle', phaseIndex: 0, phaseElapsedMs: 0, runningSince: null, phaseActualMs: [], breakSince: null, breakCount: 0, breakMs: 0, version: 0 };
    const view = timerView(state, plan, this.start + at);
    const status = view.status === 'running' ? '' : view.status === 'stopped' ? ' · ended' : ` · ${view.status}`;
    return { view, agenda: plan, text: `${view.phaseName || 'Interview'} ${formatClock(view.elapsedMs)} / ${formatClock(view.phaseMs)}${status}` };
  }

  /**
   * Where the playhead is after `elapsedMs` of real time at `speed`. With `skipIdle`, a playhead
   * that lands in an idle gap jumps to just before the gap's end.
   */
  advance(at: number, elapsedMs: number, speed: Speed, skipIdle: boolean): number {
    let next = at + elapsedMs * speed;
    if (skipIdle) {
      const gap = this.idleGaps.find(([from, to]) => next >= from && next < to - IDLE_LEAD_MS);
      if (gap) next = gap[1] - IDLE_LEAD_MS;
    }
    return this.clamp(next);
  }

  /** Characters of the code inserted within `RECENT_EDIT_MS` before `at`, with their author and age (0 = just now, 1 = about to fade). */
  recentEdits(spans: readonly TextSpan[], at: number): { from: number; to: number; by: string | null; age: number }[] {
    const now = this.start + at;
    const out = [];
    for (const s of spans) {
      const age = now - this.pad.times[s.update]!;
      if (age < 0 || age > RECENT_EDIT_MS) continue;
      out.push({ from: s.from, to: s.to, by: this.pad.authors[s.update] ?? null, age: age / RECENT_EDIT_MS });
    }
    return out;
  }

  private buildTracks(): Track[] {
    const counts = new Map<string, number[]>();
    const bucketOf = (t: number) => Math.min(TRACK_BUCKETS - 1, Math.max(0, Math.floor(((t - this.start) / this.duration) * TRACK_BUCKETS)));
    const { times, authors } = this.pad;
    for (let i = 0; i < times.length; i++) {
      const id = authors[i] ?? 'server';
      let row = counts.get(id);
      if (!row) counts.set(id, (row = new Array<number>(TRACK_BUCKETS).fill(0)));
      row[bucketOf(times[i]!)]!++;
    }
    const peak = Math.max(1, ...[...counts.values()].flat());
    // Everyone who joined has a track, even with no edits: their markers (pastes, focus) sit on it.
    const ids = [...new Set([...this.people.map((p) => p.id), ...counts.keys()])];
    return ids.map((id) => {
      const row = counts.get(id) ?? new Array<number>(TRACK_BUCKETS).fill(0);
      return { participant: this.person(id), density: row.map((n) => n / peak), edits: row.reduce((a, b) => a + b, 0) };
    });
  }

  private findIdleGaps(): [number, number][] {
    const moments = [0, ...this.pad.times.map((t) => t - this.start), ...this.replay.events.map((e) => e.t - this.start), this.duration].sort((a, b) => a - b);
    const gaps: [number, number][] = [];
    for (let i = 1; i < moments.length; i++) {
      if (moments[i]! - moments[i - 1]! >= IDLE_GAP_MS) gaps.push([moments[i - 1]!, moments[i]!]);
    }
    return gaps;
  }
}

/** The `?t=` of a playback URL, in ms from the start; null when absent or not a number. */
export function parseMoment(search: string): number | null {
  const raw = new URLSearchParams(search).get('t');
  if (raw === null || raw.trim() === '') return null;
  const t = Number(raw);
  return Number.isFinite(t) && t >= 0 ? Math.round(t) : null;
}
