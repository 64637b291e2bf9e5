/**
 * People in the room: the waiting room, admitting, removing, changing roles, locking the pad and
 * following someone's view — the wire contract shared by server and client.
 *
 * A participant's status decides whether their session counts at all: `waiting` may only wait
 * (the policy refuses everything else), `admitted` is everyone in the room, and `denied` or
 * `removed` sessions are refused on every transport (HTTP, documents, socket.io).
 */
import type { AckFn } from './protocol.js';
import type { Role } from './roles.js';

export const PARTICIPANT_STATUSES = ['waiting', 'admitted', 'denied', 'removed'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

/** A session whose participant has this status is refused outright. */
export const isShutOut = (status: ParticipantStatus): boolean => status === 'denied' || status === 'removed';

/** `PATCH /api/rooms/:id/participants/:participantId`. */
export interface ChangeRoleRequest {
  role: Role;
}

/** `POST /api/rooms/:id/lock`. */
export interface PadLockRequest {
  locked: boolean;
}

/**
 * What a follower needs of the person followed, carried in that person's awareness state on the
 * pad document (field `view`): the pad's first visible line and the board's viewport.
 */
export interface SharedView {
  /** The pad's top visible line (0-based), as a fraction of a line when scrolled part-way. */
  padTopLine?: number;
  /** The board's viewport: pan in board units and zoom factor. */
  board?: { x: number; y: number; zoom: number };
}

/** The awareness field that carries a `SharedView`. */
export const VIEW_FIELD = 'view';

export interface PeopleServerEvents {
  /**
   * To a waiting person's socket: they are in the waiting room (sent on connect, instead of
   * `room:state`, which follows once an interviewer admits them).
   */
  'people:waiting': (info: { title: string; name: string }) => void;
  /**
   * To a denied or removed person's sockets, just before the server disconnects them; the reason
   * is meant to be shown as it is.
   */
  'people:shut-out': (info: { status: 'denied' | 'removed'; reason: string }) => void;
  /** An interviewer asked everyone to follow them (`participantId`), or stopped asking (null). */
  'people:follow': (info: { participantId: string | null }) => void;
}

export interface PeopleClientEvents {
  /** Interviewers: ask everyone to follow your view (`on: true`), or stop asking. */
  'people:follow-me': (request: { on: boolean }, ack: AckFn) => void;
}
