/**
 * Invite and session tokens (JWT, HS256 pinned). The two kinds carry different audiences, so an
 * invite can never be used as a session and the other way round; both must carry `exp`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { ROLES, type Role } from '../../shared/roles.js';
import { unauthorized } from '../errors.js';
import { verifyHs256 } from './hs256.js';

const ISSUER = 'duet';
/**
 * `rejoin`: a participant's private link back into their room (the secret travels in the URL
 * fragment, which browsers never send, so it never lands in a request log). It names the same
 * participant, so coming back is the same person, not a new one.
 */
const AUDIENCE = { invite: 'duet:invite', session: 'duet:session', rejoin: 'duet:rejoin' } as const;
const ALGORITHM = 'HS256';

const RoleSchema = z.enum(ROLES);
const Base = z.object({ room: z.string().min(1), role: RoleSchema, exp: z.number() });
const InviteClaimsSchema = Base.extend({ jti: z.string().min(1) });
export const SessionClaimsSchema = Base.extend({ sub: z.string().min(1), name: z.string(), color: z.string() });
const RejoinClaimsSchema = z.object({ room: z.string().min(1), sub: z.string().min(1), exp: z.number() });

export type InviteClaims = z.infer<typeof InviteClaimsSchema>;
export type SessionClaims = z.infer<typeof SessionClaimsSchema>;
export type RejoinClaims = z.infer<typeof RejoinClaimsSchema>;

/**
 * `SessionClaimsSchema.safeParse` written out: every document upgrade checks a session, and the
 * schema's general path cost as much as the rest of reading the claims. The same answer: the
 * schema's fields in its order (others dropped), or null where the schema refuses.
 */
export function sessionClaimsOf(payload: Record<string, unknown>): SessionClaims | null {
  const { room, role, exp, sub, name, color } = payload;
  if (typeof room !== 'string' || room.length === 0) return null;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  if (typeof sub !== 'string' || sub.length === 0) return null;
  if (typeof name !== 'string' || typeof color !== 'string') return null;
  return { room, role: role as Role, exp, sub, name, color };
}

export interface SessionSubject {
  id: string;
  roomId: string;
  role: Role;
  name: string;
  color: string;
}

export class TokenService {
  /**
   * The secret as a prepared HMAC key. Given a string, jsonwebtoken first tries to parse it as a
   * PEM key on every sign and verify, which costs more than everything else in checking a token.
   */
  private readonly secret: crypto.KeyObject;

  constructor(
    secret: string,
    private readonly sessionTtlSeconds: number,
  ) {
    this.secret = crypto.createSecretKey(Buffer.from(secret, 'utf8'));
  }

  signInvite(invite: { id: string; roomId: string; role: Role; expiresAt: number }): string {
    return jwt.sign({ room: invite.roomId, role: invite.role }, this.secret, {
      algorithm: ALGORITHM,
      audience: AUDIENCE.invite,
      issuer: ISSUER,
      jwtid: invite.id,
      expiresIn: Math.max(1, Math.floor((invite.expiresAt - Date.now()) / 1000)),
    });
  }

  signSession(subject: SessionSubject): string {
    return jwt.sign(
      { room: subject.roomId, role: subject.role, name: subject.name, color: subject.color },
      this.secret,
      {
        algorithm: ALGORITHM,
        audience: AUDIENCE.session,
        issuer: ISSUER,
        subject: subject.id,
        expiresIn: this.sessionTtlSeconds,
      },
    );
  }

  signRejoin(subject: { id: string; roomId: string }, ttlSeconds: number): string {
    return jwt.sign({ room: subject.roomId }, this.secret, {
      algorithm: ALGORITHM,
      audience: AUDIENCE.rejoin,
      issuer: ISSUER,
      subject: subject.id,
      expiresIn: Math.max(1, Math.floor(ttlSeconds)),
    });
  }

  verifyRejoin(token: unknown): RejoinClaims {
    return this.verify(token, 'rejoin', (payload) => schemaClaims(RejoinClaimsSchema, payload), 'this private link is invalid or has expired');
  }

  verifyInvite(token: unknown): InviteClaims {
    return this.verify(token, 'invite', (payload) => schemaClaims(InviteClaimsSchema, payload), 'this invite link is invalid or has expired');
  }

  verifySession(token: unknown): SessionClaims {
    return this.verify(token, 'session', sessionClaimsOf, 'the session token is invalid or has expired');
  }

  /**
   * `claimsOf`: the claims a verified payload carries, or null when one is missing or malformed
   * (a JWT may lack `exp`; ours always expire, so one without is forged).
   */
  private verify<T>(token: unknown, kind: keyof typeof AUDIENCE, claimsOf: (payload: Record<string, unknown>) => T | null, message: string): T {
    if (typeof token !== 'string' || token.length === 0 || token.length > 4096) throw unauthorized(message);
    const payload = verifyHs256(token, this.secret, { audience: AUDIENCE[kind], issuer: ISSUER }, Math.floor(Date.now() / 1000));
    if (payload === null) throw unauthorized(message);
    const claims = claimsOf(payload);
    if (claims === null) throw unauthorized(message);
    return claims;
  }
}

function schemaClaims<T>(schema: z.ZodType<T>, payload: Record<string, unknown>): T | null {
  const parsed = schema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}

/**
 * The configured secret, or one generated on first start and kept in the data dir (mode 0600), so
 * a restart keeps every link and session valid.
 */
export function loadOrCreateSecret(dataDir: string, configured: string | undefined): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'jwt-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
