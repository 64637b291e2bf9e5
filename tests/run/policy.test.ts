// Issue 15, must show 4 in the access policy itself: who may start a run (and so send its output)
// and clear the console, for each role, the candidate setting, peer seats and the end.
import { describe, expect, it } from 'vitest';
import { decide, type PolicyRoom } from '../../shared/policy.js';

const room: PolicyRoom = { mode: 'interview', status: 'open', observersSeeNotes: false, peer: null };
const interviewer = { role: 'interviewer', seat: null } as const;
const candidate = { role: 'candidate', seat: null } as const;
const observer = { role: 'observer', seat: null } as const;
const start = { type: 'run:start' } as const;
const clear = { type: 'run:clear' } as const;

describe('run policy', () => {
  it('interviewers and candidates run, observers watch; the candidate only while allowed', () => {
    expect(decide(room, interviewer, start)).toEqual({ ok: true });
    expect(decide(room, candidate, start)).toEqual({ ok: true });
    expect(decide({ ...room, candidatesRun: true }, candidate, start)).toEqual({ ok: true });
    expect(decide({ ...room, candidatesRun: false }, candidate, start)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decide({ ...room, candidatesRun: false }, interviewer, start)).toEqual({ ok: true });
    expect(decide(room, observer, start)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decide({ ...room, status: 'ended' }, interviewer, start)).toMatchObject({ ok: false, code: 'gone' });
  });

  it('only interviewers clear the console', () => {
    expect(decide(room, interviewer, clear)).toEqual({ ok: true });
    expect(decide(room, candidate, clear)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decide(room, observer, clear)).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('in a peer room the seat that is the candidate now follows the setting', () => {
    const peer: PolicyRoom = { ...room, mode: 'peer', candidatesRun: false, peer: { interviewerSeat: 'a', swaps: 0, lastSwapAt: null, sharedFeedback: [] } };
    expect(decide(peer, { role: 'interviewer', seat: 'a' }, start)).toEqual({ ok: true });
    expect(decide(peer, { role: 'candidate', seat: 'b' }, start)).toMatchObject({ ok: false, code: 'forbidden' });
    const swapped: PolicyRoom = { ...peer, peer: { ...peer.peer!, interviewerSeat: 'b' } };
    expect(decide(swapped, { role: 'interviewer', seat: 'a' }, start)).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decide(swapped, { role: 'candidate', seat: 'b' }, clear)).toEqual({ ok: true });
  });
});
