import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docAccess, ownNotesDoc, type DocAccessContext } from '../../shared/roles.js';
import { readScorecard, SCORECARD_KEYS } from '../../shared/schema.js';
import { effectiveRole, seatAfterSwapPhase } from '../../server/rooms/peer.js';
import { agendaFromTemplate } from '../../shared/agenda.js';
import { initialFlow } from '../../server/store/index.js';

const base: DocAccessContext = { mode: 'interview', status: 'open', role: 'interviewer', seat: null, observersSeeNotes: false, sharedFeedback: [] };

describe('document access', () => {
  it('interview rooms: notes for interviewers, observers only when allowed, candidates never', () => {
    expect(docAccess(base, 'notes')).toBe('write');
    expect(docAccess({ ...base, role: 'candidate' }, 'notes')).toBe('none');
    expect(docAccess({ ...base, role: 'candidate', observersSeeNotes: true }, 'notes')).toBe('none');
    expect(docAccess({ ...base, role: 'observer' }, 'notes')).toBe('none');
    expect(docAccess({ ...base, role: 'observer', observersSeeNotes: true }, 'notes')).toBe('read');
    expect(docAccess({ ...base, status: 'ended' }, 'notes')).toBe('read');
    expect(docAccess({ ...base, role: 'observer' }, 'pad')).toBe('read');
    expect(docAccess({ ...base, role: 'candidate' }, 'pad')).toBe('write');
    expect(docAccess(base, 'notes-a')).toBe('none');
    expect(ownNotesDoc('interview', undefined)).toBe('notes');
    expect(ownNotesDoc('peer', 'b')).toBe('notes-b');
    expect(ownNotesDoc('peer', undefined)).toBeNull();
  });

  it('peer rooms: a seat writes its own notes while interviewing, reads them after the end, and the other seat only when shared', () => {
    const peer: DocAccessContext = { ...base, mode: 'peer', seat: 'a' };
    expect(docAccess(peer, 'notes-a')).toBe('write');
    expect(docAccess(peer, 'notes-b')).toBe('none');
    expect(docAccess(peer, 'notes')).toBe('none');
    expect(docAccess({ ...peer, role: 'candidate' }, 'notes-a')).toBe('none');
    expect(docAccess({ ...peer, status: 'ended', role: 'candidate' }, 'notes-a')).toBe('read');
    expect(docAccess({ ...peer, status: 'ended' }, 'notes-b')).toBe('none');
    expect(docAccess({ ...peer, status: 'ended', sharedFeedback: ['b'] }, 'notes-b')).toBe('read');
    // Sharing means nothing before the end.
    expect(docAccess({ ...peer, sharedFeedback: ['b'] }, 'notes-b')).toBe('none');
  });

  it('peer roles follow the seats, and swap phases set (not toggle) the interviewing seat', () => {
    const flow = initialFlow('peer');
    expect(effectiveRole({ role: 'interviewer', seat: 'a' }, flow)).toBe('interviewer');
    expect(effectiveRole({ role: 'candidate', seat: 'b' }, flow)).toBe('candidate');
    const swappedFlow = { ...flow, peer: { ...flow.peer!, interviewerSeat: 'b' as const } };
    expect(effectiveRole({ role: 'interviewer', seat: 'a' }, swappedFlow)).toBe('candidate');
    expect(effectiveRole({ role: 'candidate', seat: 'b' }, swappedFlow)).toBe('interviewer');
    expect(effectiveRole({ role: 'observer', seat: null }, swappedFlow)).toBe('observer');
    const agenda = agendaFromTemplate('peer-mock');
    const swapAt = agenda.findIndex((p) => p.kind === 'swap');
    expect(seatAfterSwapPhase(agenda, swapAt)).toBe('b');
    expect(seatAfterSwapPhase(agenda, swapAt + 1)).toBeNull();
  });
});

describe('scorecard', () => {
  it('reads ratings, comments, STAR captures and the recommendation, ignoring junk', () => {
    const doc = new Y.Doc();
    const map = doc.getMap('scorecard');
    map.set(SCORECARD_KEYS.rating('problemSolving'), 3);
    map.set(SCORECARD_KEYS.comment('problemSolving'), 'clear plan');
    map.set(SCORECARD_KEYS.rating('codeQuality'), 7); // out of range
    const comment = new Y.Text('talks through it');
    map.set(SCORECARD_KEYS.comment('communication'), comment);
    map.set(SCORECARD_KEYS.star('behavioral-conflict', 'situation'), 'two teams');
    map.set(SCORECARD_KEYS.star('behavioral-conflict', 'result'), 'shipped');
    map.set(SCORECARD_KEYS.star('behavioral-conflict', 'rating'), 4);
    map.set(SCORECARD_KEYS.recommendation, 'strong-yes');
    map.set('unrelated', { x: 1 });
    const card = readScorecard(map);
    expect(card.areas.problemSolving).toEqual({ rating: 3, comment: 'clear plan' });
    expect(card.areas.codeQuality.rating).toBeNull();
    expect(card.areas.communication.comment).toBe('talks through it');
    expect(card.areas.systemDesign).toEqual({ rating: null, comment: '' });
    expect(card.star).toEqual([
      { questionId: 'behavioral-conflict', title: '', situation: 'two teams', task: '', action: '', result: 'shipped', rating: 4 },
    ]);
    expect(card.recommendation).toBe('strong-yes');
    map.set(SCORECARD_KEYS.recommendation, 'maybe');
    expect(readScorecard(map).recommendation).toBeNull();
  });
});
