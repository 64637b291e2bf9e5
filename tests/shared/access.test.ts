import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ownNotesDoc } from '../../shared/roles.js';
import { readScorecard, SCORECARD_KEYS } from '../../shared/schema.js';
import { seatAfterSwapPhase } from '../../server/rooms/peer.js';
import { agendaFromTemplate } from '../../shared/agenda.js';

// Who may open which document is the access policy's table (policy.test.ts).
describe('peer seats', () => {
  it('name each seat its own notes document', () => {
    expect(ownNotesDoc('interview', undefined)).toBe('notes');
    expect(ownNotesDoc('peer', 'b')).toBe('notes-b');
    expect(ownNotesDoc('peer', undefined)).toBeNull();
  });

  it('swap phases set (not toggle) the interviewing seat', () => {
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
