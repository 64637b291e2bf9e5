import { describe, expect, it } from 'vitest';
import { cleanText } from '../../shared/text.js';

describe('user text', () => {
  it('removes control and bidi characters, collapses whitespace and bounds length', () => {
    expect(cleanText('  Ada\u202E evil \u0007 ', 60)).toBe('Ada evil');
    expect(cleanText('a\u200Bb', 60)).toBe('a b');
    expect(cleanText('x'.repeat(100), 60)).toHaveLength(60);
    expect(cleanText('😀'.repeat(3), 2)).toBe('😀😀');
  });
});
