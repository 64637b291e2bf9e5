import { describe, expect, it } from 'vitest';
import { canOpenDoc, canRunInterview, canWriteDoc } from '../../shared/roles.js';
import { cleanText } from '../../shared/text.js';

describe('permissions', () => {
  it('gives notes to interviewers only', () => {
    expect(canOpenDoc('interviewer', 'notes')).toBe(true);
    expect(canOpenDoc('candidate', 'notes')).toBe(false);
    expect(canOpenDoc('observer', 'notes')).toBe(false);
    expect(canOpenDoc('observer', 'pad')).toBe(true);
  });

  it('lets nobody write once the room ended, and observers never', () => {
    expect(canWriteDoc('candidate', 'pad', 'open')).toBe(true);
    expect(canWriteDoc('observer', 'pad', 'open')).toBe(false);
    expect(canWriteDoc('candidate', 'notes', 'open')).toBe(false);
    for (const role of ['interviewer', 'candidate', 'observer'] as const) expect(canWriteDoc(role, 'pad', 'ended')).toBe(false);
    expect(canRunInterview('interviewer')).toBe(true);
    expect(canRunInterview('candidate')).toBe(false);
  });
});

describe('user text', () => {
  it('removes control and bidi characters, collapses whitespace and bounds length', () => {
    expect(cleanText('  Ada\u202E evil \u0007 ', 60)).toBe('Ada evil');
    expect(cleanText('a\u200Bb', 60)).toBe('a b');
    expect(cleanText('x'.repeat(100), 60)).toHaveLength(60);
    expect(cleanText('😀'.repeat(3), 2)).toBe('😀😀');
  });
});
