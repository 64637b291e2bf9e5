// The session claims read by hand (every document upgrade reads them) give exactly what the
// schema gives: the same payloads refused, the same claims kept from the accepted ones.
import { describe, expect, it } from 'vitest';
import { SessionClaimsSchema, sessionClaimsOf } from '../../server/auth/tokens.js';

const good = { room: 'r1', role: 'candidate', exp: 2_000_000_000, sub: 'p1', name: 'Ada', color: '#123456' };
const payloads: Record<string, Record<string, unknown>> = {
  good,
  withRegisteredClaims: { ...good, aud: 'duet:session', iss: 'duet', iat: 1, nbf: 1 },
  emptyName: { ...good, name: '' },
  fractionalExp: { ...good, exp: 1.5 },
  eachRole: { ...good, role: 'observer' },
  interviewer: { ...good, role: 'interviewer' },
  noRoom: { ...good, room: undefined },
  emptyRoom: { ...good, room: '' },
  numberRoom: { ...good, room: 1 },
  unknownRole: { ...good, role: 'admin' },
  roleObject: { ...good, role: { toString: () => 'candidate' } },
  noExp: { ...good, exp: undefined },
  stringExp: { ...good, exp: '2000000000' },
  infiniteExp: { ...good, exp: Infinity },
  nanExp: { ...good, exp: NaN },
  emptySub: { ...good, sub: '' },
  noSub: { ...good, sub: undefined },
  nullName: { ...good, name: null },
  numberColor: { ...good, color: 7 },
  noColor: { ...good, color: undefined },
  empty: {},
};

describe('sessionClaimsOf', () => {
  it('refuses and keeps exactly what SessionClaimsSchema does', () => {
    for (const [kind, payload] of Object.entries(payloads)) {
      const parsed = SessionClaimsSchema.safeParse(payload);
      const claims = sessionClaimsOf(payload);
      expect(claims, kind).toEqual(parsed.success ? parsed.data : null);
      if (claims) expect(Object.keys(claims), kind).toEqual(Object.keys(parsed.data!));
    }
  });
});
