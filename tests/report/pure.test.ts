import { describe, expect, it } from 'vitest';
import { reportToMarkdown, fence, mdInline } from '../../server/report/markdown.js';
import { escapeXml, shapesToSvg } from '../../server/report/svg.js';
import { filterQuestions } from '../../server/questions/bank.js';
import { BUILTIN_QUESTIONS } from '../../server/questions/builtin.js';
import { publicPart } from '../../server/rooms/flow.js';

describe('whiteboard SVG', () => {
  it('draws every shape type and escapes all text, colours and numbers from the document', () => {
    const svg = shapesToSvg([
      { id: 'a', type: 'rect', x: 0, y: 0, w: 100, h: 50, z: 1, label: '<script>alert(1)</script>' },
      { id: 'b', type: 'database', x: 200, y: 0, w: 80, h: 100, z: 2, label: 'Users "db" & co' },
      { id: 'c', type: 'arrow', x: 0, y: 0, w: 0, h: 0, z: 3, from: { shape: 'a' }, to: { shape: 'b' } },
      { id: 'd', type: 'ellipse', x: 0, y: 200, w: 60, h: 40, z: 0, color: 'red" onload="x()' },
      { id: 'e', type: 'diamond', x: 100, y: 200, w: 60, h: 40, z: 0 },
      { id: 'f', type: 'sticky', x: 300, y: 200, w: 60, h: 40, z: 0, label: "it's" },
      { id: 'g', type: 'pen', x: 10, y: 10, w: 10, h: 10, z: 0, points: [[0, 0], [5, 5], ['x', null]] },
      { id: 'h', type: 'text', x: 0, y: 300, w: 10, h: 10, z: 0, label: 'plain' },
      { id: 'i', type: 'bogus', x: 'NaN', y: {} },
    ]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('Users &quot;db&quot; &amp; co');
    expect(svg).toContain('it&#39;s');
    expect(svg).not.toContain('onload');
    expect(svg).toMatch(/<line x1="50" y1="25" x2="240" y2="50"/);
    for (const tag of ['<rect', '<ellipse', '<polygon', '<path', '<polyline', '<text']) expect(svg).toContain(tag);
    expect(escapeXml('a\u0001b')).toBe('ab');
    expect(shapesToSvg([])).toContain('viewBox="0 0 400 200"');
  });
});

describe('markdown helpers', () => {
  it('escapes inline text and fences code longer than any backtick run inside', () => {
    expect(mdInline('a | b *c*')).toBe('a \\| b \\*c\\*');
    expect(fence('x ```` y', 'js')).toBe('`````js\nx ```` y\n`````');
    expect(typeof reportToMarkdown).toBe('function');
  });
});

describe('question bank filtering and the public part', () => {
  it('filters by kind, difficulty, tag and text', () => {
    expect(filterQuestions(BUILTIN_QUESTIONS, { kind: 'coding' }).every((q) => q.kind === 'coding')).toBe(true);
    expect(filterQuestions(BUILTIN_QUESTIONS, { kind: 'behavioral' }).length).toBeGreaterThanOrEqual(6);
    const tagged = BUILTIN_QUESTIONS[0]!.tags[0]!;
    expect(filterQuestions(BUILTIN_QUESTIONS, { tag: tagged }).length).toBeGreaterThan(0);
    expect(filterQuestions(BUILTIN_QUESTIONS, { q: 'RATE LIMIT' }).length).toBeGreaterThan(0);
    expect(filterQuestions(BUILTIN_QUESTIONS, { q: 'zzzz-no-such' })).toEqual([]);
  });

  it('the public part of a question never holds its guidance', () => {
    for (const q of BUILTIN_QUESTIONS) {
      const text = JSON.stringify(publicPart(q));
      expect(text).not.toContain('guidance');
      for (const item of [...q.guidance.hints, ...q.guidance.followUps, ...q.guidance.goodAnswer]) expect(text).not.toContain(item);
    }
  });
});
