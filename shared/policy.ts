/**
 * The access policy: "may this person do this, in this room, now?" — answered in one place for
 * every transport (HTTP, socket.io, y-websocket) and for the client, which uses the same answers
 * to decide what to show. Pure: the room, the person and the action in, a decision out.
 *
 * The person is given as stored (the role their token or invite names, and their seat); the policy
 * works out the role they have now, which in a peer room follows the seats. So a check against
 * the room as stored is always a check against the role as it is now, whatever the caller read
 * earlier.
 *
 * To add an action: a member of `Action`, and a case in `decide` (the compiler insists on it).
 */
import type { ErrorCode } from './errors.js';
import { isShutOut, type ParticipantStatus } from './people.js';
import type { PeerState, RoomMode } from './protocol.js';
import { notesDocOf, type DocName, type Role, type RoomStatus, type Seat } from './roles.js';
import type { TimerCommand } from './timer.js';

/** What the policy needs to know of a room; a `RoomInfo` is one. */
export interface PolicyRoom {
  mode: RoomMode;
  status: RoomStatus;
  /** An interviewer allowed observers to read the notes (read-only). */
  observersSeeNotes: boolean;
  /** An interviewer allowed observers to send audio/video in the call (absent: no). */
  observersSendMedia?: boolean;
  /** An interviewer allowed the candidate to run code (absent: yes). */
  candidatesRun?: boolean;
  /** Peer rooms: who interviews now and whose feedback is shared; null in interview rooms. */
  peer: PeerState | null;
  /** An interviewer made the pad (and the board in it) read-only for candidates (absent: no). */
  padLocked?: boolean;
}

/** Who asks: the role as stored (token, invite) and the peer seat (null outside peer rooms, and for observers). */
export interface Subject {
  role: Role;
  seat: Seat | null;
  /** Absent: admitted. A waiting person may do nothing but wait; denied and removed ones nothing at all. */
  status?: ParticipantStatus;
}

/** The person an interviewer acts on (admit, remove, change the role of). */
export interface Target extends Subject {
  status: ParticipantStatus;
  /** They are the only admitted interviewer of the room. */
  lastInterviewer: boolean;
}

export type Action =
  /** `GET /api/rooms/:id`, `room:state`: anyone in the room. */
  | { type: 'room:read' }
  /** Redeeming an invite; the subject is the invite (its role and seat). */
  | { type: 'room:join'; seatTaken: boolean }
  /** Receiving a document (opening its connection). */
  | { type: 'doc:open'; doc: DocName }
  /** Changing a document. */
  | { type: 'doc:write'; doc: DocName }
  /** `timer:start|pause|resume|reset|next`. */
  | { type: 'timer'; command: TimerCommand }
  /** `room:end`, `POST /api/rooms/:id/end`. */
  | { type: 'room:end' }
  | { type: 'agenda:set' }
  | { type: 'room:settings' }
  | { type: 'question:reveal' }
  /** Receiving the guidance (hints, rubric) of revealed questions. */
  | { type: 'question:guidance' }
  | { type: 'room:swap' }
  | { type: 'feedback:share' }
  /** `POST /api/rooms/:id/invites`. */
  | { type: 'invite:create' }
  /** `DELETE /api/rooms/:id/invites/:role`. */
  | { type: 'invite:revoke' }
  /** `GET /api/rooms/:id/report`. */
  | { type: 'report:read' }
  /** `GET /api/rooms/:id/replay`: the whole recorded interview (notes documents by `docAccess`). */
  | { type: 'replay:read' }
  /** The candidate's page reporting a paste or a focus change (integrity signals). */
  | { type: 'integrity:report' }
  /** The question bank, `/api/questions` (with a session; the create key is checked by the route). */
  | { type: 'questions:use' }
  /** Being in the room's call: joining it, signalling its members, getting TURN credentials. */
  | { type: 'call:signal' }
  /** Sending audio/video in the call (everyone else in it receives only). */
  | { type: 'call:send-media' }
  /** Starting a run of the pad's code (and so sending its output) from one's own browser. */
  | { type: 'run:start' }
  /** Clearing the run console for everyone. */
  | { type: 'run:clear' }
  /** Letting a waiting person in, or turning them away. */
  | { type: 'people:admit'; target: Target }
  /** `DELETE /api/rooms/:id/participants/:participantId`. */
  | { type: 'people:remove'; target: Target }
  /** `PATCH /api/rooms/:id/participants/:participantId` `{role}`. */
  | { type: 'people:role'; target: Target; to: Role }
  /** Making the pad and board read-only for candidates, and back. */
  | { type: 'pad:lock' }
  /** Asking everyone to follow one's view. */
  | { type: 'people:follow-me' }
  /**
   * `POST /api/rooms/:id/private-link` and `/rejoin`: a private link back into the room as the same
   * participant, for those who run it (interviewers, the two peers), who must not be locked out
   * of their own interview by a lost session.
   */
  | { type: 'session:link' }
  /** `DELETE /api/rooms/:id`: erasing an ended room and everything recorded in it. */
  | { type: 'room:delete' }
  /** `GET /api/rooms/:id/export`: the whole room as one bundle, every notes document included. */
  | { type: 'room:export' };

/** The codes a refusal carries: they map to HTTP statuses, ack errors and close codes like any error. */
export type RefusalCode = Extract<ErrorCode, 'forbidden' | 'gone' | 'conflict' | 'not_found'>;
export type Refusal = { ok: false; code: RefusalCode; reason: string };
export type Decision = { ok: true } | Refusal;

/** What one person may do with one document: nothing, receive it, or receive and change it. */
export type DocAccess = 'none' | 'read' | 'write';

const ALLOW: Decision = { ok: true };
const refuse = (code: RefusalCode, reason: string): Refusal => ({ ok: false, code, reason });
const ONLY_INTERVIEWERS = refuse('forbidden', 'only interviewers can do this');
const ENDED = refuse('gone', 'the interview has ended');

/**
 * The role a person has in the room now. In a peer room the seats take turns: whoever holds the
 * interviewing seat is the interviewer, the other seat the candidate, whatever their token says.
 */
export function roleIn(room: PolicyRoom, who: Subject): Role {
  if (!room.peer || who.seat === null || who.role === 'observer') return who.role;
  return who.seat === room.peer.interviewerSeat ? 'interviewer' : 'candidate';
}

/** One of the two peers of a peer room (not an observer). */
function isPeerSeat(room: PolicyRoom, who: Subject): boolean {
  return room.peer !== null && who.seat !== null && who.role !== 'observer';
}

/** Documents that exist in a room of that mode: `notes` in interview rooms, `notes-a|b` in peer rooms. */
export function docExists(mode: RoomMode, doc: DocName): boolean {
  if (doc === 'pad') return true;
  return mode === 'peer' ? doc !== 'notes' : doc === 'notes';
}

/**
 * What one person may do with one document, now. The server checks it when a connection opens and
 * again whenever the room's access changes (`sameAccess`), closing connections that lost it.
 *
 * - `pad`: everyone reads; interviewers write until the room ends, candidates too unless the pad
 *   is locked; observers never.
 * - `notes` (interview rooms): interviewers write; observers read when allowed; candidates never.
 * - `notes-a`/`notes-b` (peer rooms): the seat's owner writes while they are the interviewer and
 *   reads it back after the end; the other seat reads it only after the end and only if shared;
 *   observers read when allowed.
 */
export function docAccess(room: PolicyRoom, who: Subject, doc: DocName): DocAccess {
  if (!docExists(room.mode, doc)) return 'none';
  const ended = room.status === 'ended';
  const role = roleIn(room, who);
  const readOrWrite = (write: boolean): DocAccess => (write && !ended ? 'write' : 'read');
  if (doc === 'pad') return readOrWrite(role === 'interviewer' || (role === 'candidate' && room.padLocked !== true));
  if (role === 'observer') return room.observersSeeNotes ? 'read' : 'none';
  if (room.mode === 'interview') return role === 'interviewer' ? readOrWrite(true) : 'none';
  if (who.seat === null) return 'none';
  if (doc === notesDocOf(who.seat)) return ended ? 'read' : role === 'interviewer' ? 'write' : 'none';
  const owner: Seat = doc === 'notes-a' ? 'a' : 'b';
  return ended && room.peer?.sharedFeedback.includes(owner) ? 'read' : 'none';
}

/** Interviewers only, while the room is open. */
function runsInterview(room: PolicyRoom, who: Subject): Decision {
  if (roleIn(room, who) !== 'interviewer') return ONLY_INTERVIEWERS;
  return room.status === 'ended' ? ENDED : ALLOW;
}

/** Role changes an interviewer may make: observer ↔ interviewer, candidate ↔ observer. */
const ROLE_CHANGES: ReadonlySet<string> = new Set(['observer>interviewer', 'interviewer>observer', 'candidate>observer', 'observer>candidate']);

/** Whether an interviewer may act on `target` at all (the interviewer checks come first). */
function actsOnPerson(room: PolicyRoom, who: Subject, target: Target): Decision {
  const asking = runsInterview(room, who);
  if (!asking.ok) return asking;
  if (isShutOut(target.status)) return refuse('gone', 'this person is no longer in the room');
  // A peer's role follows the seats, and a seat is one person: neither can be handed on.
  if (isPeerSeat(room, target)) return refuse('conflict', "a peer's seat cannot be changed or removed");
  return ALLOW;
}

function decidePeople(room: PolicyRoom, who: Subject, action: Extract<Action, { target: Target }>): Decision {
  const { target } = action;
  const base = actsOnPerson(room, who, target);
  if (!base.ok) return base;
  switch (action.type) {
    case 'people:admit':
      return target.status === 'waiting' ? ALLOW : refuse('conflict', 'this person is not waiting');
    case 'people:remove':
      // A room always keeps someone who can run it.
      return target.lastInterviewer ? refuse('conflict', 'the last interviewer cannot be removed') : ALLOW;
    case 'people:role':
      if (room.peer) return refuse('conflict', 'in a peer room the roles follow the seats');
      if (target.status !== 'admitted') return refuse('conflict', 'admit this person first');
      if (action.to === target.role) return ALLOW;
      if (!ROLE_CHANGES.has(`${target.role}>${action.to}`)) return refuse('conflict', `a ${target.role} cannot become a ${action.to} directly`);
      return target.lastInterviewer ? refuse('conflict', 'the last interviewer cannot be demoted') : ALLOW;
  }
}

export function decide(room: PolicyRoom, who: Subject, action: Action): Decision {
  // Before anything else: someone shut out or still waiting may do nothing in the room.
  if (who.status !== undefined && isShutOut(who.status)) return refuse('forbidden', 'you are no longer in this room');
  if (who.status === 'waiting') return refuse('forbidden', 'waiting for an interviewer to let you in');
  switch (action.type) {
    case 'room:read':
      return ALLOW;
    case 'room:join':
      // The invite's own role, not the seat's current one: after the end only links made for an
      // interviewer still let someone in (to read the record).
      if (room.status === 'ended' && who.role !== 'interviewer') return refuse('gone', 'this interview is over');
      // A peer seat is one person: otherwise the interviewing peer could mint an invite for the
      // other seat, join as a second holder of it, and read that seat's private notes.
      return action.seatTaken ? refuse('conflict', 'this seat is already taken') : ALLOW;
    case 'doc:open':
      if (!docExists(room.mode, action.doc)) return refuse('not_found', 'no such document');
      if (docAccess(room, who, action.doc) !== 'none') return ALLOW;
      return refuse('forbidden', `a ${roleIn(room, who)} may not open ${action.doc}`);
    case 'doc:write':
      if (docAccess(room, who, action.doc) === 'write') return ALLOW;
      // 'gone' for those who could write it were the room still open; the rest never could.
      if (room.status === 'ended' && docAccess({ ...room, status: 'open' }, who, action.doc) === 'write') return ENDED;
      return refuse('forbidden', `a ${roleIn(room, who)} may not change ${action.doc}`);
    case 'timer':
    case 'agenda:set':
    case 'room:settings':
    case 'question:reveal':
      return runsInterview(room, who);
    case 'room:end':
      // Either peer may end a peer mock; otherwise only interviewers. Ending twice is no error.
      return isPeerSeat(room, who) || roleIn(room, who) === 'interviewer' ? ALLOW : ONLY_INTERVIEWERS;
    case 'room:swap':
      if (!isPeerSeat(room, who)) return refuse('forbidden', 'only the two peers of a peer room can swap');
      return room.status === 'ended' ? ENDED : ALLOW;
    case 'feedback:share':
      if (!isPeerSeat(room, who)) return refuse('forbidden', 'only the two peers of a peer room share feedback');
      return room.status === 'ended' ? ALLOW : refuse('conflict', 'feedback is shared once the interview has ended');
    case 'question:guidance':
    case 'invite:create':
    case 'invite:revoke':
      return roleIn(room, who) === 'interviewer' ? ALLOW : ONLY_INTERVIEWERS;
    case 'report:read':
      // Interviewers, and both peers of a peer mock (each sees only the notes they may read).
      return isPeerSeat(room, who) || roleIn(room, who) === 'interviewer' ? ALLOW : refuse('forbidden', 'only interviewers can read the report');
    case 'replay:read':
      // Interviewers at any time; the two peers of a peer mock once it has ended (before, the
      // interviewing peer would watch the other's notes being written).
      if (roleIn(room, who) === 'interviewer' && !room.peer) return ALLOW;
      if (isPeerSeat(room, who)) return room.status === 'ended' ? ALLOW : refuse('forbidden', 'peers can play the interview back once it has ended');
      return refuse('forbidden', 'only interviewers can play the interview back');
    case 'integrity:report':
      // Only the candidate is watched, and only while the interview runs.
      if (roleIn(room, who) !== 'candidate') return refuse('forbidden', 'only the candidate reports integrity signals');
      return room.status === 'ended' ? ENDED : ALLOW;
    case 'questions:use':
      return roleIn(room, who) === 'interviewer' ? ALLOW : refuse('forbidden', 'only interviewers can use the question bank');
    case 'call:signal':
      return room.status === 'ended' ? ENDED : ALLOW;
    case 'call:send-media':
      if (room.status === 'ended') return ENDED;
      return roleIn(room, who) !== 'observer' || room.observersSendMedia === true ? ALLOW : refuse('forbidden', 'observers receive the call only, unless an interviewer allows them to speak');
    case 'run:start': {
      // Observers watch; the candidate runs unless an interviewer turned it off.
      if (room.status === 'ended') return ENDED;
      const role = roleIn(room, who);
      if (role === 'observer') return refuse('forbidden', 'observers watch runs but do not start them');
      if (role === 'candidate' && room.candidatesRun === false) return refuse('forbidden', 'the interviewer has turned off running code for the candidate');
      return ALLOW;
    }
    case 'run:clear':
    case 'pad:lock':
      return runsInterview(room, who);
    case 'people:follow-me':
      return roleIn(room, who) === 'interviewer' ? ALLOW : ONLY_INTERVIEWERS;
    case 'people:admit':
    case 'people:remove':
    case 'people:role':
      return decidePeople(room, who, action);
    case 'session:link':
      // Candidates and observers come back through their invite link instead.
      return isPeerSeat(room, who) || who.role === 'interviewer' ? ALLOW : refuse('forbidden', 'only interviewers and peers get a private link');
    case 'room:delete':
      // Whoever may end the room may erase it, once it has ended: never from under an interview.
      if (!isPeerSeat(room, who) && roleIn(room, who) !== 'interviewer') return refuse('forbidden', 'only interviewers can delete a room');
      return room.status === 'ended' ? ALLOW : refuse('conflict', 'end the interview before deleting the room');
    case 'room:export':
      // The bundle holds every notes document: a peer would get the other seat's unshared notes.
      if (room.peer) return refuse('forbidden', 'peer rooms cannot be exported (the bundle would hold both seats\' notes)');
      return roleIn(room, who) === 'interviewer' ? ALLOW : refuse('forbidden', 'only interviewers can export a room');
  }
}

export const allowed = (room: PolicyRoom, who: Subject, action: Action): boolean => decide(room, who, action).ok;

/**
 * Whether two states of a room grant everyone the same: false when a change (the end, a swap, the
 * observers' setting, shared feedback, the pad lock) may have given or taken access, so open connections must be
 * checked again.
 */
export function sameAccess(a: PolicyRoom, b: PolicyRoom): boolean {
  return (
    a.status === b.status &&
    a.observersSeeNotes === b.observersSeeNotes &&
    (a.padLocked ?? false) === (b.padLocked ?? false) &&
    a.peer?.interviewerSeat === b.peer?.interviewerSeat &&
    a.peer?.sharedFeedback.join() === b.peer?.sharedFeedback.join()
  );
}
