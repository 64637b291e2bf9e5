/** Request bodies of the HTTP API, validated at the edge. */
import { z } from 'zod';
import { AGENDA_LIMITS, AGENDA_TEMPLATE_NAMES, PHASE_KINDS } from '../../shared/agenda.js';
import { ROLES, SEATS } from '../../shared/roles.js';
import { cleanText, NAME_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../shared/text.js';

export const PhaseSchema = z.object({
  // Normalised like every user text (control and bidi characters out), then required non-empty.
  name: z
    .string()
    .transform((name) => cleanText(name, AGENDA_LIMITS.maxNameLength))
    .pipe(z.string().min(1, 'phase names need at least one visible character')),
  minutes: z.number().int().min(1).max(AGENDA_LIMITS.maxMinutes),
  kind: z.enum(PHASE_KINDS).default('other'),
});

export const AgendaSchema = z.array(PhaseSchema).min(1).max(AGENDA_LIMITS.maxPhases);

export const CreateRoomSchema = z
  .object({
    title: z.string().max(TITLE_MAX_LENGTH * 4).optional(),
    mode: z.enum(['interview', 'peer']).optional(),
    agenda: AgendaSchema.optional(),
    template: z.enum(AGENDA_TEMPLATE_NAMES).optional(),
    guaranteeCoding: z.boolean().optional(),
    hostName: z.string().max(NAME_MAX_LENGTH * 4).optional(),
  })
  .strict();

export const JoinSchema = z.object({
  invite: z.string().min(1).max(4096),
  name: z.string().max(NAME_MAX_LENGTH * 4),
});

export const RejoinSchema = z.object({ key: z.string().min(1).max(4096) }).strict();

export const InspectInviteSchema = z.object({ invite: z.string().min(1).max(4096) });

export const CreateInviteSchema = z
  .object({
    role: z.enum(ROLES),
    seat: z.enum(SEATS).optional(),
    ttlSeconds: z.number().int().min(60).max(90 * 86400).optional(),
    maxUses: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const RoleParamSchema = z.enum(ROLES);
