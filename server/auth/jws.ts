/**
 * Checking an HS256-signed compact JWS (`header.payload.signature`) with node:crypto alone.
 *
 * Tokens are signed by jsonwebtoken; verifying with it cost about 80 µs per token (a generic
 * decode, key-type checks and string conversions through jws/jwa), the largest share of the CPU
 * of a document connection. This does only what our tokens need, and refuses anything else:
 * the algorithm is pinned to HS256 (no `none`, no swap to another one), the signature is compared
 * in constant time against its one canonical base64url form, and the payload is parsed only once
 * the signature holds. The registered claims (`exp`, `nbf`, `aud`, `iss`) are checked by the caller.
 */
import crypto from 'node:crypto';

const ALGORITHM = 'HS256';

function decodeJsonPart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The payload of `token` if it is an HS256 JWS signed with `key`; null for anything else. */
export function verifyHs256(token: string, key: crypto.KeyObject): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const parsedHeader = decodeJsonPart(header);
  if (!isObject(parsedHeader) || parsedHeader['alg'] !== ALGORITHM) return null;
  const expected = Buffer.from(crypto.createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url'));
  // Compared as text: the decoder would skip stray characters, so only the exact encoding counts.
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  const claims = decodeJsonPart(payload);
  return isObject(claims) ? claims : null;
}

/**
 * True when the registered claims hold at `nowSeconds`, as jsonwebtoken checks them: `exp` is
 * required here (our tokens always expire), `nbf` when present, and exactly our audience and issuer.
 */
export function registeredClaimsValid(
  claims: Record<string, unknown>,
  expected: { audience: string; issuer: string },
  nowSeconds: number,
): boolean {
  const { exp, nbf, aud, iss } = claims;
  if (typeof exp !== 'number' || nowSeconds >= exp) return false;
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds)) return false;
  return aud === expected.audience && iss === expected.issuer;
}
