/** Payloads of the call's socket.io commands: exact shapes, bounded sizes, nothing else relayed. */
import { z } from 'zod';
import { CALL_MAX_CANDIDATE_CHARS, CALL_MAX_SDP_CHARS, type SignalRequest } from '../../shared/call.js';

const ParticipantId = z.string().min(1).max(64);

export const CallJoinSchema = z.object({ send: z.boolean() }).strict();

export const CallMediaSchema = z.object({ mic: z.boolean(), camera: z.boolean(), screen: z.boolean() }).strict();

const DescriptionSchema = z
  .object({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(CALL_MAX_SDP_CHARS) })
  .strict();

const CandidateSchema = z
  .object({
    candidate: z.string().max(CALL_MAX_CANDIDATE_CHARS),
    sdpMid: z.string().max(64).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
    usernameFragment: z.string().max(256).nullable().optional(),
  })
  .strict();

/** A `from` (or anything else) in the payload is refused: the server says who sent a signal. */
export const SignalSchema: z.ZodType<SignalRequest> = z.union([
  z.object({ to: ParticipantId, description: DescriptionSchema }).strict(),
  z.object({ to: ParticipantId, candidate: CandidateSchema }).strict(),
]) as z.ZodType<SignalRequest>;
