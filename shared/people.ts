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

/** Room event kinds of this feature (stored in the room's event log). */
export const PEOPLE_EVENT_KINDS = ['knock', 'admit', 'deny', 'remove', 'role', 'lock', 'follow'] as const;
export type PeopleEventKind = (typeof PEOPLE_EVENT_KINDS)[number];
export const isPeopleEventKind = (kind: string): kind is PeopleEventKind => (PEOPLE_EVENT_KINDS as readonly string[]).includes(kind);

/** One people event as the report (and the playback timeline) shows it. */
export interface PeopleEventLine {
  at: number;
  kind: PeopleEventKind;
  text: string;
}

/**
 * A stored people event in words. Pure: `nameOf` names a participant id; `data` is the
 * event's stored data (`participantId` is whom it was done to; `role`/`from`, `locked`, `on`).
 */
export function describePeopleEvent(kind: PeopleEventKind, by: string | null, data: Record<string, unknown> | null, nameOf: (id: string) => string | undefined): string {
  const who = (by && nameOf(by)) || 'Someone';
  // The name stored with the event first: it is the one they had then.
  const whom = (typeof data?.['name'] === 'string' && data['name']) || (typeof data?.['participantId'] === 'string' && nameOf(data['participantId'])) || 'someone';
  switch (kind) {
    case 'knock':
      return `${who} knocked and waited to be let in`;
    case 'admit':
      return `${who} admitted ${whom}`;
    case 'deny':
      return `${who} turned ${whom} away`;
    case 'remove':
      return `${who} removed ${whom}`;
    case 'role':
      return `${who} changed ${whom}'s role from ${String(data?.['from'] ?? '?')} to ${String(data?.['role'] ?? '?')}`;
    case 'lock':
      return data?.['locked'] ? `${who} locked the pad and board` : `${who} unlocked the pad and board`;
    case 'follow':
      return data?.['on'] ? `${who} asked everyone to follow them` : `${who} stopped asking everyone to follow them`;
  }
}
