/**
 * The question bank: the built-in questions (read-only, in code) and the server's own custom
 * questions (in the store). Server-only: questions carry interviewer guidance.
 */
import crypto from 'node:crypto';
import type { Question, QuestionExport, QuestionFilter, QuestionInput } from '../../shared/questions.js';
import { forbidden, notFound } from '../errors.js';
import type { Store } from '../store/index.js';
import { BUILTIN_QUESTIONS } from './builtin.js';

/** Pure: the questions matching every given field of the filter. */
export function filterQuestions(questions: readonly Question[], filter: QuestionFilter): Question[] {
  const text = filter.q?.toLowerCase();
  return questions.filter(
    (q) =>
      (!filter.kind || q.kind === filter.kind) &&
      (!filter.difficulty || q.difficulty === filter.difficulty) &&
      (!filter.source || q.source === filter.source) &&
      (!filter.tag || q.tags.includes(filter.tag)) &&
      (!text || [q.title, q.statement, ...q.tags].some((field) => field.toLowerCase().includes(text))),
  );
}

/** Drops undefined optional fields so stored JSON and `exactOptionalPropertyTypes` agree. */
function toQuestion(id: string, input: QuestionInput): Question {
  const q: Question = {
    id,
    source: 'custom',
    kind: input.kind,
    title: input.title,
    difficulty: input.difficulty,
    tags: [...new Set(input.tags)],
    statement: input.statement,
    guidance: input.guidance,
  };
  if (input.starterCode) q.starterCode = input.starterCode;
  if (input.examples) q.examples = input.examples;
  if (input.tests) q.tests = input.tests;
  if (input.sqlSeed !== undefined) q.sqlSeed = input.sqlSeed;
  return q;
}

export class QuestionBank {
  private readonly builtins: ReadonlyMap<string, Question>;

  constructor(
    private readonly store: Store,
    builtins: readonly Question[] = BUILTIN_QUESTIONS,
    private readonly now: () => number = Date.now,
  ) {
    this.builtins = new Map(builtins.map((q) => [q.id, q]));
  }

  async list(filter: QuestionFilter = {}): Promise<Question[]> {
    return filterQuestions([...this.builtins.values(), ...(await this.store.listQuestions())], filter);
  }

  async get(id: string): Promise<Question | null> {
    return this.builtins.get(id) ?? (await this.store.getQuestion(id));
  }

  async require(id: string): Promise<Question> {
    const q = await this.get(id);
    if (!q) throw notFound('no such question');
    return q;
  }

  async create(input: QuestionInput): Promise<Question> {
    const q = toQuestion(`custom-${crypto.randomBytes(8).toString('base64url')}`, input);
    await this.store.saveQuestion(q, this.now());
    return q;
  }

  async update(id: string, input: QuestionInput): Promise<Question> {
    if (this.builtins.has(id)) throw forbidden('built-in questions are read-only; create your own copy');
    if (!(await this.store.getQuestion(id))) throw notFound('no such question');
    const q = toQuestion(id, input);
    await this.store.saveQuestion(q, this.now());
    return q;
  }

  async remove(id: string): Promise<void> {
    if (this.builtins.has(id)) throw forbidden('built-in questions are read-only');
    if (!(await this.store.deleteQuestion(id))) throw notFound('no such question');
  }

  /**
   * Imports questions: one with the id of a custom question here replaces it; any other id
   * (a built-in's, or none) gets a fresh one, so an import can never shadow a built-in.
   */
  async import(questions: (QuestionInput & { id?: string | undefined })[]): Promise<Question[]> {
    const saved: Question[] = [];
    for (const { id, ...input } of questions) {
      const existing = id && !this.builtins.has(id) ? await this.store.getQuestion(id) : null;
      if (existing) saved.push(await this.update(existing.id, input));
      else saved.push(await this.create(input));
    }
    return saved;
  }

  /** The server's own questions, in the format `import` takes. */
  async export(): Promise<QuestionExport> {
    const own = await this.store.listQuestions();
    return { format: 'duet-questions', version: 1, questions: own.map(({ source: _source, ...q }) => q) };
  }
}
