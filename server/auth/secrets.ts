import crypto from 'node:crypto';

/**
 * Compares a presented secret (the create key) with the configured one in constant time; hashing
 * both first makes the comparison independent of their lengths too.
 */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}
