/** Custom questions as the API accepts them, validated at the edge. */
import { z } from 'zod';
import { DIFFICULTIES, QUESTION_KINDS, QUESTION_LIMITS as L } from '../../shared/questions.js';
import { TEST_LANGUAGES } from '../../shared/run.js';
import { LANGUAGES } from '../../shared/schema.js';

const item = z.string().trim().min(1).max(L.maxItemLength);
const testCase = z.object({ name: z.string().trim().min(1).max(200), call: z.string().trim().min(1).max(L.maxItemLength), expected: z.string().trim().min(1).max(L.maxItemLength) }).strict();
const suite = z.partialRecord(z.enum(TEST_LANGUAGES), z.array(testCase).max(L.maxItems)).optional();
const items = z.array(item).max(L.maxItems);

export const QuestionInputSchema = z
  .object({
    kind: z.enum(QUESTION_KINDS),
    title: z.string().trim().min(1).max(L.maxTitle),
    difficulty: z.enum(DIFFICULTIES),
    tags: z.array(z.string().trim().toLowerCase().min(1).max(L.maxTagLength)).max(L.maxTags).default([]),
    statement: z.string().trim().min(1).max(L.maxText),
    starterCode: z.partialRecord(z.enum(LANGUAGES), z.string().max(L.maxCode)).optional(),
    examples: z
      .array(z.object({ input: item, output: item, explanation: item.optional() }).strict())
      .max(L.maxItems)
      .optional(),
    tests: suite,
    sqlSeed: z.string().max(L.maxCode).optional(),
    guidance: z
      .object({
        goodAnswer: items.default([]),
        followUps: items.default([]),
        hints: items.default([]),
        rubric: z
          .array(z.object({ score: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]), description: item }).strict())
          .max(4)
          .default([]),
        hiddenTests: suite,
      })
      .strict(),
  })
  .strict();

export const QuestionImportSchema = z
  .object({
    format: z.literal('duet-questions').optional(),
    version: z.literal(1).optional(),
    questions: z
      .array(QuestionInputSchema.extend({ id: z.string().trim().min(1).max(80).optional(), source: z.string().optional() }))
      .max(L.maxImport),
  })
  .strict();

export const QuestionFilterSchema = z.object({
  kind: z.enum(QUESTION_KINDS).optional(),
  difficulty: z.enum(DIFFICULTIES).optional(),
  tag: z.string().trim().toLowerCase().max(L.maxTagLength).optional(),
  q: z.string().trim().max(200).optional(),
  source: z.enum(['builtin', 'custom']).optional(),
});
