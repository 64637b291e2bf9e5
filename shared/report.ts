/**
 * The interview report (`GET /api/rooms/:id/report`, `Accept: application/json`), as the client
 * renders it. `text/markdown` gives the same content as a document.
 */
import type { PhaseKind } from './agenda.js';
import type { PeopleEventLine } from './people.js';
import type { RoomMode } from './protocol.js';
import type { Difficulty, QuestionKind } from './questions.js';
import type { Role, RoomStatus, Seat } from './roles.js';
import type { RunRecord } from './run.js';
import type { Language, Scorecard } from './schema.js';

export interface ReportPhase {
  name: string;
  kind: PhaseKind;
  plannedMs: number;
  /** Null for phases the clock never reached. */
  actualMs: number | null;
}

export interface ReportQuestion {
  id: string;
  title: string;
  kind: QuestionKind;
  difficulty: Difficulty;
  revealedAt: number;
  revealedBy: string;
  /** Name of the agenda phase the clock was on. */
  phase: string;
  starterInserted: boolean;
  /** Path of the playback at the moment it was revealed (`/r/<id>/playback?t=…`); absent for whoever may not play it back yet. */
  playback?: string;
}

/** What the candidate was given: extra time on every phase, and breaks that paused the clock. */
export interface ReportAccommodations {
  extraTime: number;
  breaks: number;
  breakMs: number;
}

export interface ReportNotes {
  /** Peer rooms: whose notes (seat A's notes are about seat B, and the other way round). */
  seat: Seat | null;
  /** Who wrote them, e.g. "Interviewers" or "Seat A (Ada)". */
  label: string;
  text: string;
  scorecard: Scorecard;
}

/** One code run as the report shows it: the `RunRecord` with `by` as the runner's name. */
export interface ReportRun extends Omit<RunRecord, 'id' | 'by' | 'byName'> {
  by: string;
  /** Path of the playback at the moment it started; absent as for questions. */
  playback?: string;
}

export interface InterviewReport {
  room: { id: string; title: string; mode: RoomMode; status: RoomStatus; createdAt: number; endedAt: number | null };
  participants: { name: string; role: Role; seat?: Seat }[];
  /** Planned lengths include the extra-time factor. */
  agenda: { phases: ReportPhase[]; plannedTotalMs: number; actualTotalMs: number };
  accommodations: ReportAccommodations;
  questions: ReportQuestion[];
  code: { language: Language; text: string };
  whiteboard: { shapes: number; svg: string };
  /** The notes the requester may read (in peer rooms: their own, and the other seat's if shared). */
  notes: ReportNotes[];
  /** Code runs, oldest first. */
  runs: ReportRun[];
  /** Path of the interview's playback; absent for a peer before the end (the replay would refuse them). */
  playback?: string;
  /** Admissions, removals, role changes, the pad lock, "follow me", oldest first (absent: none). */
  people?: PeopleEventLine[];
  generatedAt: number;
}
