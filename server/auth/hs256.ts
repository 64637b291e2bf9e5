/**
 * Checking a JWT signed with HMAC-SHA256, as `jsonwebtoken`'s `verify` does for the options Duet
 * uses (`algorithms: ['HS256']`, one audience, one issuer): the signature first, then the header's
 * algorithm, then the registered claims `nbf`, `exp`, `aud` and `iss`.
 *
 * Why not `jsonwebtoken` itself: every document connection checks a token, and its general path
 * (compact-serialization parsing through several packages, a callback per key lookup, options
 * validation) cost more per upgrade than the rest of the check together; a class connecting at
 * once is a thousand of them. Signing stays with `jsonwebtoken`.
 */
import crypto from 'node:crypto';

export interface Hs256Expectations {
  audience: string;
  issuer: string;
}

/** Three base64url segments, the last (the signature) possibly empty, as `jws` accepts them. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/**
 * The header `jsonwebtoken` writes for HS256, `{"alg":"HS256","typ":"JWT"}`, encoded: every token
 * Duet signs carries it, and it passes the header check without being decoded.
 */
const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function decodeObject(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The token's payload when it is an HS256 JWT signed with `key`, meant for `expected.audience`
 * from `expected.issuer`, and valid at `nowSeconds`; null otherwise (which check failed is not
 * told: every refusal is the same 401). A payload without `exp` passes here, as it does in
 * `jsonwebtoken`: the caller's schema requires one.
 */
export function verifyHs256(token: string, key: crypto.KeyObject, expected: Hs256Expectations, nowSeconds: number): Record<string, unknown> | null {
  if (!COMPACT_JWS.test(token)) return null;
  const signed = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(signed + 1));
  const genuine = Buffer.from(crypto.createHmac('sha256', key).update(token.slice(0, signed)).digest('base64url'));
  if (signature.length !== genuine.length || !crypto.timingSafeEqual(signature, genuine)) return null;
  const headerEnd = token.indexOf('.');
  if (headerEnd !== HS256_HEADER.length || !token.startsWith(HS256_HEADER)) {
    const header = decodeObject(token.slice(0, headerEnd));
    if (header === null || header['alg'] !== 'HS256') return null;
  }
  const payload = decodeObject(token.slice(headerEnd + 1, signed));
  if (payload === null) return null;
  const { nbf, exp, aud, iss } = payload;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds)) return null;
  if (exp !== undefined && (typeof exp !== 'number' || nowSeconds >= exp)) return null;
  const audiences: unknown[] = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expected.audience)) return null;
  if (iss !== expected.issuer) return null;
  return payload;
}
