/**
 * The wire contract: HTTP bodies and the socket.io event maps, used by server and client alike.
 */
import type { Agenda, AgendaTemplate, ExtraTimeFactor } from './agenda.js';
import type { CallClientEvents, CallServerEvents } from './call.js';
import type { RunClientEvents, RunServerEvents } from './run.js';
import type { ErrorBody } from './errors.js';
import type { ParticipantStatus, PeopleClientEvents, PeopleServerEvents } from './people.js';
import type { IntegrityReport, ReplayEvent } from './replay.js';
import type { QuestionGuidance, QuestionPublic } from './questions.js';
import type { Role, RoomStatus, Seat } from './roles.js';
import type { TimerState } from './timer.js';

export type RoomMode = 'interview' | 'peer';

/** What every view of a room has: the API's `RoomInfo` and the store's record. */
export interface RoomBase {
  id: string;
  title: string;
  mode: RoomMode;
  agenda: Agenda;
  status: RoomStatus;
  createdAt: number;
  endedAt: number | null;
}

export interface RoomInfo extends RoomBase {
  /** Earlier overruns come off the phases ahead, never off coding (`effectiveAgenda` in agenda.ts). */
  guaranteeCoding: boolean;
  /** An interviewer allowed observers to read the notes (read-only). */
  observersSeeNotes: boolean;
  /** Extra time (an accommodation): every phase lasts this many times its planned minutes. */
  extraTime: number;
  /** An interviewer allowed observers to send audio/video in the call (otherwise they receive only). */
  observersSendMedia: boolean;
  /** The candidate may run code (an interviewer's setting; interviewers always may). */
  candidatesRun: boolean;
  /** A run stops by itself after this many seconds. */
  runTimeLimitSec: number;
  /** Questions revealed so far, oldest first: public parts only. */
  revealed: RevealedQuestion[];
  /** Peer rooms: who interviews now, and whose feedback is shared; null in interview rooms. */
  peer: PeerState | null;
  /** Candidates and observers who join wait until an interviewer admits them (the server always sends it). */
  waitingRoom?: boolean;
  /** An interviewer made the pad and the board read-only for candidates (the server always sends it). */
  padLocked?: boolean;
}

/** A question as revealed to the room. Never carries guidance (hints, follow-ups, rubric). */
export interface RevealedQuestion {
  question: QuestionPublic;
  revealedAt: number;
  /** Participant id of whoever revealed it. */
  revealedBy: string;
  /** Agenda phase the clock was on. */
  phaseIndex: number;
  /** Starter code went into the pad (at most once per question). */
  starterInserted: boolean;
}

export interface PeerState {
  /** The seat interviewing now; the other seat is the candidate. */
  interviewerSeat: Seat;
  swaps: number;
  lastSwapAt: number | null;
  /** Seats whose owner shared their notes and scorecard with the other seat (after the end). */
  sharedFeedback: Seat[];
}

export interface Participant {
  id: string;
  name: string;
  /** The effective role: in a peer room it follows the seats (swap), whatever the token says. */
  role: Role;
  /** A CSS colour for cursors and avatars, assigned by the server. */
  color: string;
  /** Peer rooms: the participant's seat (observers have none). */
  seat?: Seat;
  /**
   * In the room, waiting to be admitted, or denied/removed (their session no longer works). The
   * server always sends it; records made elsewhere (playback) may leave it out: admitted.
   */
  status?: ParticipantStatus;
}

export interface PresentParticipant extends Participant {
  online: boolean;
}

export interface InviteLink {
  url: string;
  token: string;
  expiresAt: number;
  maxUses: number | null;
}

// ---- HTTP ----

export interface CreateRoomRequest {
  title?: string;
  mode?: RoomMode;
  /** An agenda, or a `template` name (not both); default: technical round, or peer mock in peer rooms. */
  agenda?: Agenda;
  template?: AgendaTemplate;
  guaranteeCoding?: boolean;
  hostName?: string;
}

export interface CreateRoomResponse {
  room: RoomInfo;
  hostToken: string;
  participant: Participant;
  /** In peer rooms `interviewer` is seat A's link (another device of the host) and `candidate` seat B's. */
  invites: Record<Role, InviteLink>;
  /** Peer rooms: the seat links (the same links as `invites.interviewer` / `invites.candidate`). */
  seats?: Record<Seat, InviteLink>;
}

/**
 * `POST /api/rooms/:id/private-link`: the caller's own way back into the room. The key is in the
 * URL fragment (`/r/<id>#key=…`), which browsers never send to a server.
 */
export interface PrivateLink {
  url: string;
  expiresAt: number;
}

/** `POST /api/rooms/:id/rejoin`: a private link's key for a fresh session (answered as a `JoinResponse`). */
export interface RejoinRequest {
  key: string;
}

export interface JoinRequest {
  invite: string;
  name: string;
}

export interface JoinResponse {
  token: string;
  participant: Participant;
  room: RoomInfo;
}

/** `GET /api/rooms/:id`. */
export interface RoomDetails {
  room: RoomInfo;
  timer: TimerState;
  serverNow: number;
  participants: PresentParticipant[];
  you: Participant;
}

export interface CreateInviteRequest {
  role: Role;
  /** Peer rooms: the seat (default A for `interviewer`, B for `candidate`). */
  seat?: Seat;
  ttlSeconds?: number;
  maxUses?: number;
}

export interface ErrorResponse {
  error: ErrorBody;
}

// ---- socket.io control plane ----

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorBody };
export type AckFn<T extends object = object> = (result: Ack<T>) => void;

export interface TimerUpdate {
  timer: TimerState;
  agenda: Agenda;
  serverNow: number;
}

export interface RoomAlert {
  kind: 'doc-too-large';
  doc: string;
  /** Whose edit was refused. */
  participant: { id: string; name: string };
  message: string;
}

export interface RoomStateMessage extends RoomDetails {}

export interface ServerToClientEvents extends CallServerEvents, RunServerEvents, PeopleServerEvents {
  /** Sent once on connect: everything needed to render the room. */
  'room:state': (state: RoomStateMessage) => void;
  /** Who is in the room, on every join and leave. */
  presence: (update: { participants: PresentParticipant[] }) => void;
  /** Every timer change, to every socket of the room. */
  timer: (update: TimerUpdate) => void;
  /** The room itself changed: agenda, settings, a reveal, a swap, shared feedback, the end. */
  room: (room: RoomInfo) => void;
  /** A question was revealed (also in `room.revealed`). */
  'question:revealed': (revealed: RevealedQuestion) => void;
  /**
   * Interviewer sockets only: the guidance of a revealed question — on reveal, on connect for
   * questions revealed before, and to a peer who just became the interviewer.
   */
  'question:guidance': (payload: QuestionGuidanceMessage) => void;
  /** Your effective role changed (peer swap). `room:state` follows with everything re-rendered. */
  you: (you: Participant) => void;
  /** Something the room should know about: an edit was refused because a document is full. */
  alert: (alert: RoomAlert) => void;
}

export interface QuestionGuidanceMessage {
  questionId: string;
  guidance: QuestionGuidance;
}

export interface SetAgendaRequest {
  /** The whole new agenda; keep the `id` of phases you keep so the clock stays on its phase. */
  agenda: Agenda;
  guaranteeCoding?: boolean;
}

export interface RoomSettingsRequest {
  guaranteeCoding?: boolean;
  observersSeeNotes?: boolean;
  extraTime?: ExtraTimeFactor;
  observersSendMedia?: boolean;
  candidatesRun?: boolean;
  runTimeLimitSec?: number;
  waitingRoom?: boolean;
}

export interface RevealRequest {
  questionId: string;
  /** Put the starter code for the pad's language (`meta.language`) into the pad — once per question. */
  insertStarter?: boolean;
}

export interface RevealResult {
  revealed: RevealedQuestion;
  guidance: QuestionGuidance;
  /** Whether this request inserted starter code (false if already done or none for the language). */
  starterInserted: boolean;
}

/** Commands that take no payload; each is acknowledged. */
export const TIMER_EVENTS = ['timer:start', 'timer:pause', 'timer:resume', 'timer:reset', 'timer:next', 'timer:break'] as const;
export type TimerEvent = (typeof TIMER_EVENTS)[number];

export type ClientToServerEvents = {
  [E in TimerEvent]: (ack: AckFn<TimerUpdate>) => void;
} & {
  'room:end': (ack: AckFn<{ room: RoomInfo }>) => void;
  /** Interviewers: replace the agenda; the clock follows its current phase. */
  'agenda:set': (request: SetAgendaRequest, ack: AckFn<TimerUpdate & { room: RoomInfo }>) => void;
  /** Interviewers: room settings. */
  'room:settings': (request: RoomSettingsRequest, ack: AckFn<{ room: RoomInfo }>) => void;
  /** Interviewers: reveal a question to the room. */
  'question:reveal': (request: RevealRequest, ack: AckFn<RevealResult>) => void;
  /** Peer rooms, either seat: the other seat interviews from now on. */
  'room:swap': (ack: AckFn<{ room: RoomInfo }>) => void;
  /** Peer rooms, either seat, after the end: share (or unshare) your notes and scorecard with the other seat. */
  'feedback:share': (request: { shared: boolean }, ack: AckFn<{ room: RoomInfo }>) => void;
  /** The candidate's page: a paste above a size, or focus lost/regained; stored with the server's time. */
  'integrity:report': (report: IntegrityReport, ack: AckFn<{ event: ReplayEvent }>) => void;
  /** Anyone: the integrity signals recorded about themselves. */
  'integrity:mine': (ack: AckFn<{ events: ReplayEvent[] }>) => void;
} & CallClientEvents &
  RunClientEvents &
  PeopleClientEvents;
