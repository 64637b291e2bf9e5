/**
 * The interview report as a pure function of what was recorded: the room (agenda, clock, revealed
 * questions), its participants, and the documents' contents as plain data.
 */
import { breakElapsed, phaseElapsed } from '../../shared/timer.js';
import { withExtraTime } from '../../shared/agenda.js';
import type { InterviewReport, ReportNotes } from '../../shared/report.js';
import { playbackPath } from '../../shared/replay.js';
import type { Participant } from '../../shared/protocol.js';
import type { RunRecord } from '../../shared/run.js';
import type { Language } from '../../shared/schema.js';
import type { RoomRecord } from '../store/index.js';
import { shapesToSvg, type LooseShape } from './svg.js';

export interface ReportInput {
  room: RoomRecord;
  /** With their effective roles (peer rooms: as seated at the end). */
  participants: Participant[];
  code: { language: Language; text: string };
  shapes: LooseShape[];
  notes: ReportNotes[];
  /** Every finished run, oldest first (clearing the console does not remove them from the record). */
  runs: RunRecord[];
  /** Whether the reader may play the interview back: without it the report carries no playback links. */
  mayReplay: boolean;
  now: number;
}

/** Actual time per phase: finished phases as recorded; the current one so far if still open. */
function actualDurations(room: RoomRecord, now: number): (number | null)[] {
  const { timer, agenda } = room;
  return agenda.map((_, i) => {
    if (timer.status === 'stopped') return timer.phaseActualMs[i] ?? (i <= timer.phaseIndex ? 0 : null);
    if (i < timer.phaseIndex) return timer.phaseActualMs[i] ?? 0;
    if (i === timer.phaseIndex) return timer.status === 'idle' && timer.phaseElapsedMs === 0 ? null : phaseElapsed(timer, now);
    return null;
  });
}

export function buildReport(input: ReportInput): InterviewReport {
  const { room } = input;
  const actual = actualDurations(room, input.now);
  const agenda = withExtraTime(room.agenda, room.flow.extraTime);
  const phases = agenda.map((p, i) => ({ name: p.name, kind: p.kind, plannedMs: p.minutes * 60_000, actualMs: actual[i] ?? null }));
  const names = new Map(input.participants.map((p) => [p.id, p.name]));
  const playbackAt = (at?: number) => (input.mayReplay ? { playback: playbackPath(room.id, at === undefined ? undefined : at - room.createdAt) } : {});
  return {
    room: { id: room.id, title: room.title, mode: room.mode, status: room.status, createdAt: room.createdAt, endedAt: room.endedAt },
    participants: input.participants.map((p) => ({ name: p.name, role: p.role, ...(p.seat ? { seat: p.seat } : {}) })),
    agenda: {
      phases,
      plannedTotalMs: phases.reduce((sum, p) => sum + p.plannedMs, 0),
      actualTotalMs: phases.reduce((sum, p) => sum + (p.actualMs ?? 0), 0),
    },
    accommodations: {
      extraTime: room.flow.extraTime,
      breaks: room.timer.breakCount,
      breakMs: room.timer.breakMs + breakElapsed(room.timer, input.now),
    },
    questions: room.flow.revealed.map((r) => ({
      id: r.question.id,
      title: r.question.title,
      kind: r.question.kind,
      difficulty: r.question.difficulty,
      revealedAt: r.revealedAt,
      revealedBy: names.get(r.revealedBy) ?? 'unknown',
      phase: room.agenda[r.phaseIndex]?.name ?? '',
      starterInserted: r.starterInserted,
      ...playbackAt(r.revealedAt),
    })),
    code: input.code,
    whiteboard: { shapes: input.shapes.length, svg: shapesToSvg(input.shapes) },
    notes: input.notes,
    runs: input.runs.map((r) => ({
      by: r.byName,
      language: r.language,
      kind: r.kind,
      status: r.status,
      startedAt: r.startedAt,
      durationMs: r.durationMs,
      output: r.output,
      truncated: r.truncated,
      ...(r.tests ? { tests: r.tests } : {}),
      ...playbackAt(r.startedAt),
    })),
    ...playbackAt(),
    generatedAt: input.now,
  };
}
