/**
 * How the call reaches real networks: the ICE servers handed to browsers (`DUET_ICE_SERVERS`) and
 * the shared secret with which Duet mints short-lived TURN credentials (`DUET_TURN_SECRET`).
 */
import { z } from 'zod';
import type { IceServer } from '../../shared/call.js';

export interface CallConfig {
  /** STUN/TURN servers as RTCIceServer objects. Empty: host candidates only (same machine or LAN). */
  iceServers: IceServer[];
  /**
   * coturn's `static-auth-secret`: TURN servers listed without a username get credentials minted
   * from it. Undefined: none are minted (TURN entries must then carry their own).
   */
  turnSecret: string | undefined;
  /** How long minted TURN credentials work. */
  turnTtlSeconds: number;
}

/** No third-party STUN server by default: a self-hosted Duet calls nobody else unless told to. */
export const DEFAULT_CALL_CONFIG: CallConfig = { iceServers: [], turnSecret: undefined, turnTtlSeconds: 3600 };

const ICE_URL = /^(stun|stuns|turn|turns):[^\s]+$/;
const IceUrl = z.string().regex(ICE_URL, 'each ICE url must start with stun:, stuns:, turn: or turns:');

const IceServerSchema = z
  .object({
    urls: z.union([IceUrl, z.array(IceUrl).min(1)]),
    username: z.string().min(1).optional(),
    credential: z.string().min(1).optional(),
  })
  .strict();

/** `DUET_ICE_SERVERS`: a JSON array of RTCIceServer objects, checked at start with a message that says what is wrong. */
export const IceServersEnv = z.string().transform((text, ctx): IceServer[] => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'DUET_ICE_SERVERS must be JSON, e.g. [{"urls":"turn:turn.example.com:3478"}]' });
    return z.NEVER;
  }
  const parsed = z.array(IceServerSchema).max(10).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    ctx.addIssue({ code: 'custom', message: `DUET_ICE_SERVERS ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` });
    return z.NEVER;
  }
  return parsed.data.map((s) => ({ urls: s.urls, ...(s.username ? { username: s.username } : {}), ...(s.credential ? { credential: s.credential } : {}) }));
});
