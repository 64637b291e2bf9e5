// verifyHs256 accepts exactly what jsonwebtoken's verify accepts with Duet's options: the same
// tokens, good and bad, through both.
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { verifyHs256 } from '../../server/auth/hs256.js';

const SECRET = 'a-test-secret-a-test-secret-a-test-secret';
const key = crypto.createSecretKey(Buffer.from(SECRET));
const expected = { audience: 'duet:session', issuer: 'duet' };
const now = Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hmac = (input: string) => crypto.createHmac('sha256', SECRET).update(input).digest('base64url');
/** Signs any header and payload by hand, so malformed ones can be made too. */
const handSigned = (header: unknown, payload: unknown) => `${b64(header)}.${b64(payload)}.${hmac(`${b64(header)}.${b64(payload)}`)}`;

const claims = { room: 'r1', role: 'candidate', name: 'Ada', color: '#123456', sub: 'p1' };
/** Without `expiresIn`: the payload's own `exp`, if any. */
const signAsIs = (payload: object, options: jwt.SignOptions = {}, secret: string = SECRET) =>
  jwt.sign(payload, secret, { algorithm: 'HS256', audience: 'duet:session', issuer: 'duet', ...options });
const sign = (payload: object, options: jwt.SignOptions = {}, secret: string = SECRET) => signAsIs(payload, { expiresIn: 600, ...options }, secret);
const good = sign(claims);

const tokens: Record<string, string> = {
  good,
  goodWithoutExp: signAsIs(claims),
  audienceList: sign(claims, { audience: ['other', 'duet:session'] }),
  expired: signAsIs({ ...claims, exp: now - 1 }),
  expiresNow: signAsIs({ ...claims, exp: now }),
  notYet: sign(claims, { notBefore: 120 }),
  otherSecret: sign(claims, {}, 'another-secret-another-secret-another'),
  otherAudience: sign(claims, { audience: 'duet:invite' }),
  otherIssuer: sign(claims, { issuer: 'someone' }),
  noAudience: jwt.sign(claims, SECRET, { algorithm: 'HS256', issuer: 'duet', expiresIn: 600 }),
  hs512: sign(claims, { algorithm: 'HS512' }),
  algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, aud: 'duet:session', iss: 'duet', exp: now + 600 })}.`,
  tamperedPayload: `${good.split('.')[0]}.${b64({ ...claims, role: 'interviewer', aud: 'duet:session', iss: 'duet', exp: now + 600 })}.${good.split('.')[2]}`,
  signatureCut: good.slice(0, -2),
  signatureExtended: `${good}A`,
  headerWithoutTyp: handSigned({ alg: 'HS256' }, { ...claims, aud: 'duet:session', iss: 'duet', exp: now + 600 }),
  headerReordered: handSigned({ typ: 'JWT', alg: 'HS256' }, { ...claims, aud: 'duet:session', iss: 'duet', exp: now + 600 }),
  headerOtherTyp: handSigned({ alg: 'HS256', typ: 'JWS' }, { ...claims, aud: 'duet:session', iss: 'duet', exp: now + 600 }),
  headerAlgNoneTyp: handSigned({ alg: 'none', typ: 'JWT' }, { ...claims, aud: 'duet:session', iss: 'duet', exp: now + 600 }),
  stringExp: handSigned({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'duet:session', iss: 'duet', exp: String(now + 600) }),
  arrayPayload: handSigned({ alg: 'HS256', typ: 'JWT' }, [1, 2]),
  notJson: `${b64({ alg: 'HS256' })}.${Buffer.from('{nope').toString('base64url')}.${hmac(`${b64({ alg: 'HS256' })}.${Buffer.from('{nope').toString('base64url')}`)}`,
  twoParts: good.split('.').slice(0, 2).join('.'),
  fourParts: `${good}.x`,
  badCharacters: good.replace('.', '.=').replace(/\.[^.]*$/, '.x'),
  empty: '',
};

function jsonwebtokenAccepts(token: string): boolean {
  try {
    jwt.verify(token, key, { algorithms: ['HS256'], audience: 'duet:session', issuer: 'duet' });
    return true;
  } catch {
    return false;
  }
}

describe('verifyHs256', () => {
  it('accepts and refuses the same tokens as jsonwebtoken', () => {
    for (const [kind, token] of Object.entries(tokens)) {
      expect(verifyHs256(token, key, expected, Math.floor(Date.now() / 1000)) !== null, kind).toBe(jsonwebtokenAccepts(token));
    }
  });

  it('returns the payload of a good token and refuses the bad ones', () => {
    expect(verifyHs256(good, key, expected, now)).toMatchObject({ ...claims, aud: 'duet:session', iss: 'duet' });
    const accepted = Object.keys(tokens).filter((kind) => verifyHs256(tokens[kind]!, key, expected, now) !== null);
    expect(accepted.sort()).toEqual(['audienceList', 'good', 'goodWithoutExp', 'headerOtherTyp', 'headerReordered', 'headerWithoutTyp']);
  });
});
