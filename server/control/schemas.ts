/** Payloads of socket.io commands, validated before anything acts on them. */
import { z } from 'zod';
import { PhaseSchema } from '../http/schemas.js';
import { parseWith } from '../validate.js';
import { AGENDA_LIMITS, EXTRA_TIME_FACTORS } from '../../shared/agenda.js';
import { PASTE_REPORT_MIN_CHARS } from '../../shared/replay.js';
import { RUN_LIMITS } from '../../shared/run.js';

export const SetAgendaSchema = z
  .object({
    agenda: z.array(PhaseSchema.extend({ id: z.string().trim().min(1).max(40).optional() })).min(1).max(AGENDA_LIMITS.maxPhases),
    guaranteeCoding: z.boolean().optional(),
  })
  .strict();

export const RoomSettingsSchema = z
  .object({
    guaranteeCoding: z.boolean().optional(),
    observersSeeNotes: z.boolean().optional(),
    extraTime: z.union(EXTRA_TIME_FACTORS.map((f) => z.literal(f))).optional(),
    observersSendMedia: z.boolean().optional(),
    candidatesRun: z.boolean().optional(),
    runTimeLimitSec: z.number().int().min(RUN_LIMITS.timeLimitSec.min).max(RUN_LIMITS.timeLimitSec.max).optional(),
    waitingRoom: z.boolean().optional(),
  })
  .strict();

export const RevealSchema = z
  .object({ questionId: z.string().min(1).max(120), insertStarter: z.boolean().optional() })
  .strict();

/** A paste's size (never its text) or a focus change: nothing else can be reported. */
export const IntegrityReportSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('paste'), chars: z.number().int().min(PASTE_REPORT_MIN_CHARS).max(10_000_000) }).strict(),
  z.object({ kind: z.literal('focus'), focused: z.boolean() }).strict(),
]);

export const FollowMeSchema = z.object({ on: z.boolean() }).strict();

export const ShareFeedbackSchema = z.object({ shared: z.boolean() }).strict();

/** Parses a command payload; the first problem becomes a `bad_request` ack naming the field. */
export function parsePayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  return parseWith(schema, payload, 'payload');
}
