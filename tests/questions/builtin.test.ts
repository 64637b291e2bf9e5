import { describe, it, expect } from 'vitest';
import { BUILTIN_QUESTIONS } from '../../server/questions/builtin.js';
import { DIFFICULTIES, QUESTION_KINDS } from '../../shared/questions.js';
import type { Question, QuestionKind } from '../../shared/questions.js';

const REQUIRED_LANGUAGES = ['javascript', 'typescript', 'python', 'java'] as const;

const ID_PREFIX: Record<QuestionKind, string> = {
  coding: 'coding-',
  'system-design': 'design-',
  concept: 'concept-',
  behavioral: 'behavioral-',
};

const ofKind = (kind: QuestionKind): Question[] => BUILTIN_QUESTIONS.filter((q) => q.kind === kind);

/** Every guidance text, labelled for error messages. */
function guidanceTexts(q: Question): { where: string; text: string }[] {
  const g = q.guidance;
  return [
    ...g.goodAnswer.map((text, i) => ({ where: `goodAnswer[${i}]`, text })),
    ...g.followUps.map((text, i) => ({ where: `followUps[${i}]`, text })),
    ...g.hints.map((text, i) => ({ where: `hints[${i}]`, text })),
    ...g.rubric.map((r) => ({ where: `rubric[score ${r.score}]`, text: r.description })),
  ];
}

/** Everything a candidate may see once the question is revealed. */
function publicText(q: Question): string {
  const parts = [q.title, q.statement, ...Object.values(q.starterCode ?? {})];
  for (const e of q.examples ?? []) parts.push(e.input, e.output, e.explanation ?? '');
  return parts.join('\n');
}

const normalise = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

describe('built-in question bank', () => {
  it('has enough questions of every kind', () => {
    expect(ofKind('coding').length).toBeGreaterThanOrEqual(8);
    expect(ofKind('system-design').length).toBeGreaterThanOrEqual(6);
    expect(ofKind('concept').length).toBeGreaterThanOrEqual(6);
    expect(ofKind('behavioral').length).toBeGreaterThanOrEqual(6);
  });

  it('has unique, stable kebab-case ids prefixed by kind', () => {
    const ids = BUILTIN_QUESTIONS.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const q of BUILTIN_QUESTIONS) {
      expect(q.id, q.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(q.id.startsWith(ID_PREFIX[q.kind]), `${q.id} should start with ${ID_PREFIX[q.kind]}`).toBe(true);
    }
  });

  it('marks every question as built-in with a valid kind, difficulty, title and 2-5 tags', () => {
    for (const q of BUILTIN_QUESTIONS) {
      expect(q.source, q.id).toBe('builtin');
      expect(QUESTION_KINDS, q.id).toContain(q.kind);
      expect(DIFFICULTIES, q.id).toContain(q.difficulty);
      expect(q.title.trim(), q.id).not.toBe('');
      expect(q.statement.trim(), q.id).not.toBe('');
      expect(q.tags.length, q.id).toBeGreaterThanOrEqual(2);
      expect(q.tags.length, q.id).toBeLessThanOrEqual(5);
      expect(new Set(q.tags).size, `${q.id} has duplicate tags`).toBe(q.tags.length);
      for (const tag of q.tags) expect(tag, q.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('gives every coding problem starter code in the required languages and example tests', () => {
    for (const q of ofKind('coding')) {
      for (const lang of REQUIRED_LANGUAGES) {
        const starter = q.starterCode?.[lang];
        expect(starter?.trim(), `${q.id} starter code for ${lang}`).toBeTruthy();
      }
      for (const starter of Object.values(q.starterCode ?? {})) {
        expect(starter.endsWith('\n'), q.id).toBe(true);
        expect(starter, `${q.id} starter code must not be indented as a whole`).toMatch(/^\S/);
      }
      const examples = q.examples ?? [];
      expect(examples.length, q.id).toBeGreaterThanOrEqual(1);
      for (const e of examples) {
        expect(e.input.trim(), q.id).not.toBe('');
        expect(e.output.trim(), q.id).not.toBe('');
        if (e.explanation !== undefined) expect(e.explanation.trim(), q.id).not.toBe('');
      }
    }
  });

  it('keeps starter code and examples to coding problems', () => {
    for (const q of BUILTIN_QUESTIONS.filter((x) => x.kind !== 'coding')) {
      expect(q.starterCode, q.id).toBeUndefined();
      expect(q.examples, q.id).toBeUndefined();
    }
  });

  it('gives every question a rubric with exactly the scores 1 to 4', () => {
    for (const q of BUILTIN_QUESTIONS) {
      expect(q.guidance.rubric.map((r) => r.score), q.id).toEqual([1, 2, 3, 4]);
    }
  });

  it('has complete guidance with no empty text', () => {
    for (const q of BUILTIN_QUESTIONS) {
      const g = q.guidance;
      expect(g.goodAnswer.length, q.id).toBeGreaterThanOrEqual(3);
      expect(g.goodAnswer.length, q.id).toBeLessThanOrEqual(6);
      expect(g.followUps.length, q.id).toBeGreaterThanOrEqual(2);
      expect(g.followUps.length, q.id).toBeLessThanOrEqual(4);
      expect(g.hints.length, q.id).toBeGreaterThanOrEqual(1);
      expect(g.hints.length, q.id).toBeLessThanOrEqual(3);
      for (const { where, text } of guidanceTexts(q)) {
        expect(text.trim(), `${q.id} ${where}`).not.toBe('');
      }
    }
  });

  it('never repeats a guidance sentence in the public part of the same question', () => {
    for (const q of BUILTIN_QUESTIONS) {
      const pub = normalise(publicText(q));
      for (const { where, text } of guidanceTexts(q)) {
        expect(pub.includes(normalise(text)), `${q.id} ${where} appears in the public part`).toBe(false);
        for (const sentence of sentences(text)) {
          const s = normalise(sentence);
          expect(pub.includes(s), `${q.id} ${where}: "${sentence}" appears in the public part`).toBe(false);
          // Also without its final punctuation, for sentences long enough to be meaningful.
          const bare = s.replace(/[.!?]+$/, '');
          if (bare.split(' ').length >= 4) {
            expect(pub.includes(bare), `${q.id} ${where}: "${sentence}" appears in the public part`).toBe(false);
          }
        }
      }
    }
  });
});
