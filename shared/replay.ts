/**
 * Playback: the replay format (`GET /api/rooms/:id/replay`) and the integrity signals a candidate's
 * page reports. Server and client agree on both here.
 *
 * The format is the stored log, unchanged: each document's Yjs updates exactly as stored (base64),
 * in stored order, with the server time `t` they were received and the participant `by` who sent
 * them. Applying, in order, every update of a document with `t ≤ T` to an empty Y.Doc gives that
 * document exactly as it was at `T`. `events` is the room's event log in the order it was written.
 */
import type { Agenda } from './agenda.js';
import type { Participant, RoomInfo } from './protocol.js';
import type { DocName } from './roles.js';
import type { TimerState } from './timer.js';

export interface ReplayUpdate {
  /** Server time the update was received, epoch ms. */
  t: number;
  /** Participant id; `server` for what the server wrote itself (starter code); null if unknown. */
  by: string | null;
  /** The exact stored Yjs update, base64. */
  update: string;
}

export interface ReplayEvent {
  t: number;
  /** `create`, `join`, `leave`, `timer`, `agenda`, `reveal`, `swap`, `end`, `paste`, `focus`, … */
  kind: string;
  by: string | null;
  /**
   * As stored. Clock changes (`create`, `timer`, `agenda`, `end`) carry `timer` (the state after
   * the change) and `agenda` where it changed, so the clock can be shown as it was at any moment.
   */
  data: Record<string, unknown> | null;
}

export interface ReplayResponse {
  room: RoomInfo;
  /** Everyone who ever joined, with the role they have now. */
  participants: Participant[];
  /** The room's creation and its end (or now, while it is open), epoch ms. */
  start: number;
  end: number;
  /** `pad` (code and board), and each notes document the caller may read. */
  docs: Partial<Record<DocName, ReplayUpdate[]>>;
  events: ReplayEvent[];
}

/** What a clock change event's `data` holds (see `ReplayEvent.data`). */
export interface ClockEventData {
  timer?: TimerState;
  agenda?: Agenda;
}

// ---- integrity signals ----

/** Pastes of at least this many characters are reported (typing a word is not a paste worth noting). */
export const PASTE_REPORT_MIN_CHARS = 40;

export const INTEGRITY_KINDS = ['paste', 'focus'] as const;
export type IntegrityKind = (typeof INTEGRITY_KINDS)[number];

/** What the candidate's page sends: a paste's size (the text is in the pad anyway), or focus lost/regained. */
export type IntegrityReport = { kind: 'paste'; chars: number } | { kind: 'focus'; focused: boolean };

/**
 * Told to the candidate when they join, word for word: everything the page reports about them.
 * Nothing else is collected.
 */
export const INTEGRITY_NOTICE = {
  heading: 'What this interview records',
  items: [
    'Every edit to the code pad and the whiteboard, with its time and who made it, so the interview can be played back.',
    `Pastes of ${PASTE_REPORT_MIN_CHARS} characters or more: their size and time (the pasted text is in the pad anyway).`,
    'When this window loses or regains focus, and the time.',
  ],
  footer: 'Nothing else about your browser or screen is collected. You can see your own recorded events below.',
} as const;

/** Link to a moment of a room's playback: `t` in ms since the room's start. */
export function playbackPath(roomId: string, offsetMs?: number): string {
  const base = `/r/${encodeURIComponent(roomId)}/playback`;
  return offsetMs === undefined ? base : `${base}?t=${Math.max(0, Math.round(offsetMs))}`;
}
