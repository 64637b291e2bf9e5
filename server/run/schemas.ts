/** Payloads of the run events, validated before anything acts on them. */
import { z } from 'zod';
import { RUN_LANGUAGES, RUN_LIMITS } from '../../shared/run.js';

const runId = z.string().min(1).max(64);

export const RunStartSchema = z.object({ language: z.enum(RUN_LANGUAGES), kind: z.enum(['run', 'tests']) }).strict();

export const RunOutputSchema = z.object({ runId, text: z.string().min(1).max(RUN_LIMITS.chunkChars) }).strict();

export const RunEndSchema = z
  .object({
    runId,
    status: z.enum(['ok', 'error', 'timeout', 'stopped']),
    durationMs: z.number().int().min(0).max(RUN_LIMITS.timeLimitSec.max * 1000 + RUN_LIMITS.endGraceMs),
    truncated: z.boolean().optional(),
    tests: z
      .array(z.object({ name: z.string().min(1).max(200), hidden: z.boolean(), passed: z.boolean() }).strict())
      .max(RUN_LIMITS.maxCases)
      .optional(),
  })
  .strict();
