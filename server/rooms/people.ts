/**
 * An interviewer acting on people: admitting or denying someone in the waiting room, removing a
 * participant, changing a role, locking the pad, asking everyone to follow them. Every action is
 * checked by the access policy against the room and the people as stored, under the room's lock
 * (two interviewers demoting each other at once cannot leave the room without one), stored with
 * its room event in one write, then announced: `person` for the transports to apply it to open
 * connections at once, `presence` for everyone's people list.
 */
import type { Target } from '../../shared/policy.js';
import type { Role } from '../../shared/roles.js';
import { DuetError, notFound } from '../errors.js';
import type { ParticipantChanges, ParticipantRecord, RoomEventKind, RoomRecord, Store } from '../store/index.js';
import type { RoomEmitter } from './announce.js';
import type { PureStep, RoomMutations } from './mutation.js';
import type { KeyedMutex } from './mutex.js';
import { authorize, identityOf, toRoomInfo, type Identity } from './views.js';
import type { RoomInfo } from '../../shared/protocol.js';

export interface PeopleOptions {
  store: Store;
  lock: KeyedMutex;
  mutations: RoomMutations;
  events: RoomEmitter;
  now: () => number;
}

/** What happened to a person, as the transports apply it. */
export type PersonChange = 'admitted' | 'denied' | 'removed' | 'role';

/** `who` as a target of an interviewer's action, among everyone stored in the room. */
export function targetOf(person: ParticipantRecord, everyone: readonly ParticipantRecord[]): Target {
  const interviewers = everyone.filter((p) => p.status === 'admitted' && p.role === 'interviewer' && p.seat === null);
  const lastInterviewer = person.role === 'interviewer' && interviewers.length === 1 && interviewers[0]!.id === person.id;
  return { role: person.role, seat: person.seat, status: person.status, lastInterviewer };
}

/** The pad locked or unlocked (a flow change on the one mutation path, so it is announced like any other). */
export function lockStep(locked: boolean, by: string): PureStep<null> {
  return (room) => {
    if ((room.flow.padLocked ?? false) === locked) return { changes: {}, events: [], result: null };
    return { changes: { flow: { ...room.flow, padLocked: locked } }, events: [{ kind: 'lock', by, data: { locked } }], result: null };
  };
}

export class People {
  constructor(private readonly options: PeopleOptions) {}

  admit(who: Identity, participantId: string): Promise<ParticipantRecord> {
    return this.act(who, participantId, 'admit', () => ({ type: 'people:admit' }), { status: 'admitted' }, 'admitted');
  }

  deny(who: Identity, participantId: string): Promise<ParticipantRecord> {
    return this.act(who, participantId, 'deny', () => ({ type: 'people:admit' }), { status: 'denied' }, 'denied');
  }

  remove(who: Identity, participantId: string): Promise<ParticipantRecord> {
    return this.act(who, participantId, 'remove', () => ({ type: 'people:remove' }), { status: 'removed' }, 'removed');
  }

  setRole(who: Identity, participantId: string, role: Role): Promise<ParticipantRecord> {
    return this.act(who, participantId, 'role', () => ({ type: 'people:role', to: role }), { role }, 'role');
  }

  async lockPad(who: Identity, locked: boolean): Promise<{ room: RoomInfo }> {
    authorize(who.room, who, { type: 'pad:lock' });
    const { room } = await this.options.mutations.mutate(who.room.id, (stored, now, prepared) => {
      authorize(stored, who, { type: 'pad:lock' });
      return lockStep(locked, who.participant.id)(stored, now, prepared);
    });
    return { room: toRoomInfo(room) };
  }

  /** "Everyone follow me" (or stop): a room event, then the caller broadcasts it. */
  async followMe(who: Identity, on: boolean): Promise<void> {
    authorize(who.room, who, { type: 'people:follow-me' });
    await this.options.store.addEvent({ roomId: who.room.id, at: this.options.now(), kind: 'follow', participantId: who.participant.id, data: { on } });
  }

  /**
   * One action on one person: under the room's lock, the room, the asker and the person as stored
   * now go to the policy; the change and its event are stored together; then it is announced.
   */
  private act(
    who: Identity,
    participantId: string,
    kind: RoomEventKind,
    action: () => { type: 'people:admit' } | { type: 'people:remove' } | { type: 'people:role'; to: Role },
    changes: ParticipantChanges,
    change: PersonChange,
  ): Promise<ParticipantRecord> {
    const { store, lock, events, now } = this.options;
    const roomId = who.room.id;
    return lock.run(roomId, async () => {
      const room: RoomRecord = await this.options.mutations.requireRoom(roomId);
      const everyone = await store.listParticipants(roomId);
      const person = everyone.find((p) => p.id === participantId);
      // The asker as stored now: an interviewer demoted a moment ago no longer acts as one.
      const asker = identityOf(room, everyone.find((p) => p.id === who.participant.id) ?? null);
      if (!person) {
        // Only someone who may act on people learns whether an id exists.
        authorize(room, asker, { ...action(), target: { role: 'observer', seat: null, status: 'admitted', lastInterviewer: false } });
        throw notFound('no such participant in this room');
      }
      authorize(room, asker, { ...action(), target: targetOf(person, everyone) });
      if (changes.role !== undefined && changes.role === person.role) return person;
      const data = { participantId: person.id, name: person.name, ...changes, ...(changes.role ? { from: person.role } : {}) };
      const stored = await store.updateParticipant(roomId, person.id, changes, { roomId, at: now(), kind, participantId: asker.participant.id, data });
      if (!stored) throw new DuetError('not_found', 'no such participant in this room');
      events.emit('person', room, stored, change);
      events.emit('presence', roomId);
      return stored;
    });
  }
}
