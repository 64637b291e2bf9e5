import type { z } from 'zod';
import { badRequest } from './errors.js';

/** Parses input with a schema; the first problem becomes a `bad_request` that names the field. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw badRequest(`${where}${issue?.message ?? `invalid ${what}`}`);
  }
  return parsed.data;
}
