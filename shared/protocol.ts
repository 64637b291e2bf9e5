/**
 * The wire contract: HTTP bodies and the socket.io event maps, used by server and client alike.
 */
import type { Agenda } from './agenda.js';
import type { ErrorBody } from './errors.js';
import type { Role, RoomStatus } from './roles.js';
import type { TimerState } from './timer.js';

export type RoomMode = 'interview' | 'peer';

export interface RoomInfo {
  id: string;
  title: string;
  mode: RoomMode;
  agenda: Agenda;
  status: RoomStatus;
  createdAt: number;
  endedAt: number | null;
}

export interface Participant {
  id: string;
  name: string;
  role: Role;
  /** A CSS colour for cursors and avatars, assigned by the server. */
  color: string;
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
  agenda?: Agenda;
  hostName?: string;
}

export interface CreateRoomResponse {
  room: RoomInfo;
  hostToken: string;
  participant: Participant;
  invites: Record<Role, InviteLink>;
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

export interface RoomStateMessage extends RoomDetails {}

export interface ServerToClientEvents {
  /** Sent once on connect: everything needed to render the room. */
  'room:state': (state: RoomStateMessage) => void;
  /** Who is in the room, on every join and leave. */
  presence: (update: { participants: PresentParticipant[] }) => void;
  /** Every timer change, to every socket of the room. */
  timer: (update: TimerUpdate) => void;
  /** The room itself changed (it ended). */
  room: (room: RoomInfo) => void;
}

/** Commands that take no payload; each is acknowledged. */
export const TIMER_EVENTS = ['timer:start', 'timer:pause', 'timer:resume', 'timer:reset', 'timer:next'] as const;
export type TimerEvent = (typeof TIMER_EVENTS)[number];

export type ClientToServerEvents = {
  [E in TimerEvent]: (ack: AckFn<TimerUpdate>) => void;
} & {
  'room:end': (ack: AckFn<{ room: RoomInfo }>) => void;
};
