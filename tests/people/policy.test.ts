// The people rules of the access policy, as pure decisions: who may admit, remove, change roles,
// lock the pad and lead; what a waiting or shut-out person may do; what the lock does to writing.
import { describe, expect, it } from 'vitest';
import { decide, docAccess, sameAccess, type Action, type PolicyRoom, type Subject, type Target } from '../../shared/policy.js';
import { targetOf } from '../../server/rooms/people.js';
import type { ParticipantRecord } from '../../server/store/index.js';

const room: PolicyRoom = { mode: 'interview', status: 'open', observersSeeNotes: false, peer: null };
const peerRoom: PolicyRoom = { ...room, mode: 'peer', peer: { interviewerSeat: 'a', swaps: 0, lastSwapAt: null, sharedFeedback: [] } };
const interviewer: Subject = { role: 'interviewer', seat: null };
const candidate: Subject = { role: 'candidate', seat: null };
const observer: Subject = { role: 'observer', seat: null };
const target = (role: Target['role'], status: Target['status'] = 'admitted', lastInterviewer = false): Target => ({ role, seat: null, status, lastInterviewer });
const code = (r: PolicyRoom, who: Subject, action: Action) => {
  const d = decide(r, who, action);
  return d.ok ? 'ok' : d.code;
};

describe('people in the access policy', () => {
  it('lets only interviewers admit, remove, change roles, lock and lead', () => {
    const actions: Action[] = [
      { type: 'people:admit', target: target('candidate', 'waiting') },
      { type: 'people:remove', target: target('observer') },
      { type: 'people:role', target: target('observer'), to: 'interviewer' },
      { type: 'pad:lock' },
      { type: 'people:follow-me' },
    ];
    for (const action of actions) {
      expect([interviewer, candidate, observer].map((who) => code(room, who, action))).toEqual(['ok', 'forbidden', 'forbidden']);
    }
    expect(code({ ...room, status: 'ended' }, interviewer, { type: 'pad:lock' })).toBe('gone');
  });

  it('admits only someone waiting, and acts on nobody already shut out', () => {
    expect(code(room, interviewer, { type: 'people:admit', target: target('candidate') })).toBe('conflict');
    expect(code(room, interviewer, { type: 'people:admit', target: target('candidate', 'denied') })).toBe('gone');
    expect(code(room, interviewer, { type: 'people:remove', target: target('candidate', 'removed') })).toBe('gone');
    expect(code(room, interviewer, { type: 'people:remove', target: target('candidate', 'waiting') })).toBe('ok');
  });

  it('allows observer ↔ interviewer and candidate ↔ observer, never the last interviewer, never a peer seat', () => {
    const change = (from: Target['role'], to: Target['role'], last = false) => code(room, interviewer, { type: 'people:role', target: target(from, 'admitted', last), to });
    expect([change('observer', 'interviewer'), change('interviewer', 'observer'), change('candidate', 'observer'), change('observer', 'candidate')]).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect([change('candidate', 'interviewer'), change('interviewer', 'candidate')]).toEqual(['conflict', 'conflict']);
    expect(change('interviewer', 'observer', true)).toBe('conflict');
    expect(code(room, interviewer, { type: 'people:remove', target: target('interviewer', 'admitted', true) })).toBe('conflict');
    expect(code(peerRoom, { role: 'interviewer', seat: 'a' }, { type: 'people:remove', target: { ...target('candidate'), seat: 'b' } })).toBe('conflict');
    // In a peer room the seats decide the roles: not even an observer is promoted.
    expect(code(peerRoom, { role: 'interviewer', seat: 'a' }, { type: 'people:role', target: target('observer'), to: 'interviewer' })).toBe('conflict');
    expect(code(peerRoom, { role: 'interviewer', seat: 'a' }, { type: 'people:remove', target: target('observer') })).toBe('ok');
  });

  it('lets someone waiting do nothing, and someone denied or removed even less', () => {
    for (const status of ['waiting', 'denied', 'removed'] as const) {
      const who: Subject = { ...candidate, status };
      for (const action of [{ type: 'room:read' }, { type: 'doc:open', doc: 'pad' }, { type: 'call:signal' }] as Action[]) expect(code(room, who, action)).toBe('forbidden');
    }
    expect(code(room, { ...candidate, status: 'admitted' }, { type: 'doc:open', doc: 'pad' })).toBe('ok');
  });

  it('makes the pad read-only for candidates while locked, and says the access changed', () => {
    const locked = { ...room, padLocked: true };
    expect([interviewer, candidate, observer].map((who) => docAccess(locked, who, 'pad'))).toEqual(['write', 'read', 'read']);
    expect(docAccess(room, candidate, 'pad')).toBe('write');
    expect(sameAccess(room, locked)).toBe(false);
  });

  it('counts the last interviewer among the admitted ones only', () => {
    const person = (id: string, role: ParticipantRecord['role'], status: ParticipantRecord['status']): ParticipantRecord => ({ id, roomId: 'r', name: id, role, color: '#000', createdAt: 0, seat: null, status });
    const ivy = person('ivy', 'interviewer', 'admitted');
    expect(targetOf(ivy, [ivy, person('ian', 'interviewer', 'removed')]).lastInterviewer).toBe(true);
    expect(targetOf(ivy, [ivy, person('ian', 'interviewer', 'admitted')]).lastInterviewer).toBe(false);
  });
});
