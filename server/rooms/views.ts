/**
 * A stored room and its participants as the rest of Duet sees them: the wire's `RoomInfo` and
 * `Participant`, the access policy's view, and who is asking (`Identity`), with refusals as errors.
 */
import { decide, roleIn, type Action, type PolicyRoom, type Subject } from '../../shared/policy.js';
import type { Participant, RoomInfo } from '../../shared/protocol.js';
import { isShutOut } from '../../shared/people.js';
import { RUN_LIMITS } from '../../shared/run.js';
import { DuetError, unauthorized } from '../errors.js';
import type { ParticipantRecord, RoomAccess, RoomRecord } from '../store/index.js';

/**
 * Who is asking, as the room sees them. As a `Subject` it is the stored role and seat, from which
 * the policy works out the role at any moment; `participant` is as others see them, with the role
 * they had in `room` (peer rooms: it follows the seats).
 */
export interface Identity<R extends RoomAccess = RoomRecord> extends Subject {
  /** The whole room, or for the document endpoint only what its access decisions read. */
  room: R;
  participant: Participant;
}

export const toRoomInfo = (r: RoomRecord): RoomInfo => ({
  id: r.id,
  title: r.title,
  mode: r.mode,
  agenda: r.agenda,
  status: r.status,
  createdAt: r.createdAt,
  endedAt: r.endedAt,
  guaranteeCoding: r.flow.guaranteeCoding,
  observersSeeNotes: r.flow.observersSeeNotes,
  extraTime: r.flow.extraTime,
  observersSendMedia: r.flow.observersSendMedia ?? false,
  candidatesRun: r.flow.candidatesRun ?? true,
  runTimeLimitSec: r.flow.runTimeLimitSec ?? RUN_LIMITS.timeLimitSec.default,
  revealed: r.flow.revealed,
  peer: r.flow.peer,
  waitingRoom: r.flow.waitingRoom ?? false,
  padLocked: r.flow.padLocked ?? false,
});

/** What the access policy reads of a stored room. */
export const policyRoom = (r: RoomAccess): PolicyRoom => ({
  mode: r.mode,
  status: r.status,
  observersSeeNotes: r.flow.observersSeeNotes,
  observersSendMedia: r.flow.observersSendMedia ?? false,
  candidatesRun: r.flow.candidatesRun ?? true,
  peer: r.flow.peer,
  padLocked: r.flow.padLocked ?? false,
});

/** A participant as others see them in `room`: the role is the one they have there now. */
export const toParticipant = (p: ParticipantRecord, room: RoomAccess): Participant => ({
  id: p.id,
  name: p.name,
  role: roleIn(policyRoom(room), p),
  color: p.color,
  ...(p.seat ? { seat: p.seat } : {}),
  status: p.status,
});

/**
 * The identity of a participant record in a room; refused unless it belongs there and its person
 * is still let in (a denied or removed person's session is refused on every transport from here).
 */
export function identityOf<R extends RoomAccess>(room: R, record: ParticipantRecord | null): Identity<R> {
  if (!record || record.roomId !== room.id) throw unauthorized('this session does not belong to the room');
  if (isShutOut(record.status)) throw unauthorized(record.status === 'denied' ? 'an interviewer did not let you in' : 'you were removed from this room');
  return { room, participant: toParticipant(record, room), role: record.role, seat: record.seat, status: record.status };
}

/** Throws the policy's refusal as a DuetError (403, 404, 409 or 410; an ack error; a close code). */
export function authorize(room: RoomAccess, who: Subject, action: Action): void {
  const decision = decide(policyRoom(room), who, action);
  if (!decision.ok) throw new DuetError(decision.code, decision.reason);
}
