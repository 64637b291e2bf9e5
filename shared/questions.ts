/**
 * Question bank types. A question has a public part (what a candidate may see once it is revealed)
 * and interviewer-only guidance. The guidance must never reach a candidate's or observer's
 * connection, so built-in questions live on the server (`server/questions/`), never in this
 * folder or the client bundle.
 */
import type { TestSuite } from './run.js';
import type { Language } from './schema.js';

export const QUESTION_KINDS = ['coding', 'system-design', 'concept', 'behavioral'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export interface QuestionExample {
  input: string;
  output: string;
  explanation?: string;
}

/** What everyone in the room sees once the question is revealed. */
export interface QuestionPublic {
  id: string;
  kind: QuestionKind;
  title: string;
  difficulty: Difficulty;
  tags: string[];
  /** Markdown-free plain text; paragraphs separated by blank lines. */
  statement: string;
  /** Coding problems: starter code per language (at least javascript, typescript, python, java). */
  starterCode?: Partial<Record<Language, string>>;
  /** Coding problems: example tests. */
  examples?: QuestionExample[];
  /** Coding problems: the visible test cases per language ("Run tests"). */
  tests?: TestSuite;
  /** SQL problems: the schema and data (SQL statements) every run starts from. */
  sqlSeed?: string;
}

export interface RubricLevel {
  score: 1 | 2 | 3 | 4;
  description: string;
}

/** Interviewer-only material. */
export interface QuestionGuidance {
  /** What a good answer covers. */
  goodAnswer: string[];
  followUps: string[];
  hints: string[];
  /** One entry per score, 1 (weak) to 4 (strong). */
  rubric: RubricLevel[];
  /**
   * Test cases only interviewers get: they run in an interviewer's browser, against the pad's
   * code as it is, and the room sees only whether each passed.
   */
  hiddenTests?: TestSuite;
}

export interface Question extends QuestionPublic {
  guidance: QuestionGuidance;
  source: 'builtin' | 'custom';
}

/** A question as written by an interviewer: the bank assigns `id` and `source`. */
export type QuestionInput = Omit<Question, 'id' | 'source'>;

/** `GET /api/questions` query: every field optional, all must match. */
export interface QuestionFilter {
  kind?: QuestionKind;
  difficulty?: Difficulty;
  tag?: string;
  /** Case-insensitive text in the title, statement or tags. */
  q?: string;
  source?: Question['source'];
}

/** `GET /api/questions/export` and the body of `POST /api/questions/import`. */
export interface QuestionExport {
  format: 'duet-questions';
  version: 1;
  /** `id` is optional on import: a question with the id of one of this server's own is replaced. */
  questions: (QuestionInput & { id?: string })[];
}

/** Bounds on a custom question: generous for real prompts, small enough to store and send. */
export const QUESTION_LIMITS = {
  maxTitle: 200,
  maxText: 20_000,
  maxCode: 20_000,
  maxTags: 20,
  maxTagLength: 40,
  maxItems: 30,
  maxItemLength: 2_000,
  maxImport: 500,
} as const;
