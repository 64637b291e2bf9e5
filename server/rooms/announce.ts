/**
 * What the room domain tells the transports, and how a stored change becomes those events: each
 * change of a room is announced exactly once, from the difference between the room before and
 * after, so no command has to remember what to emit.
 */
import type { EventEmitter } from 'node:events';
import { sameAccess } from '../../shared/policy.js';
import type { RevealedQuestion, RoomInfo, TimerUpdate } from '../../shared/protocol.js';
import type { QuestionGuidance } from '../../shared/questions.js';
import type { ParticipantRecord, RoomRecord } from '../store/index.js';
import type { PersonChange } from './people.js';
import { policyRoom, toRoomInfo } from './views.js';

export interface RoomServiceEvents {
  /** The clock or the agenda changed. */
  timer: [roomId: string, update: TimerUpdate];
  /** What `RoomInfo` shows changed (agenda, settings, a reveal, a swap, shared feedback, the end). */
  room: [room: RoomInfo];
  ended: [roomId: string];
  /** Someone came or went, or roles changed (a peer swap). */
  presence: [roomId: string];
  /** Who may open which document may have changed (end, swap, settings, sharing): the collab layer re-checks connections. */
  access: [roomId: string];
  /**
   * An interviewer admitted, denied or removed someone, or changed their role: the collab layer
   * closes or re-grants their document connections, the control plane tells or drops their sockets.
   */
  person: [room: RoomRecord, participant: ParticipantRecord, change: PersonChange];
  /** Effective roles changed (peer swap): the control plane re-sends state to every socket. */
  roles: [room: RoomRecord];
  /**
   * A question was revealed for the first time; its guidance is for interviewer sockets only.
   * Emitted with the room as stored, under its lock, so "who is the interviewer" is true now.
   */
  revealed: [room: RoomRecord, revealed: RevealedQuestion, guidance: QuestionGuidance];
}

export type RoomEmitter = EventEmitter<RoomServiceEvents>;

/** What the difference between two versions of a room cannot say: a first reveal's guidance. */
export interface Notice {
  type: 'revealed';
  revealed: RevealedQuestion;
  guidance: QuestionGuidance;
}

/** How a stored change reaches the events: `announce` itself, or (several processes) the room feed in server/scale/. */
export type Announcer = (events: RoomEmitter, before: RoomRecord, room: RoomRecord, serverNow: number, notices?: readonly Notice[]) => void;

/** Emits what changed between two versions of a room, each kind once, then the step's notices. */
export function announce(events: RoomEmitter, before: RoomRecord, room: RoomRecord, serverNow: number, notices: readonly Notice[] = []): void {
  if (before.status !== 'ended' && room.status === 'ended') events.emit('ended', room.id);
  if (before.timer !== room.timer || before.agenda !== room.agenda) events.emit('timer', room.id, { timer: room.timer, agenda: room.agenda, serverNow });
  const infoChanged =
    before.title !== room.title ||
    before.agenda !== room.agenda ||
    before.status !== room.status ||
    before.endedAt !== room.endedAt ||
    before.flow !== room.flow;
  if (infoChanged) events.emit('room', toRoomInfo(room));
  if (!sameAccess(policyRoom(before), policyRoom(room))) events.emit('access', room.id);
  if (before.flow.peer?.interviewerSeat !== room.flow.peer?.interviewerSeat) {
    events.emit('roles', room);
    events.emit('presence', room.id);
  }
  for (const notice of notices) events.emit('revealed', room, notice.revealed, notice.guidance);
}
