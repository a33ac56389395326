import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: sorts as it reads

/**
 * Prefixed, time-ordered ids (`pay_01JD...`): 10 characters of milliseconds then 16 of
 * randomness, so ordering by id is ordering by creation time and cursors are stable.
 */
export function newId(prefix: string, at: number = Date.now()): string {
  if (!Number.isSafeInteger(at) || at < 0) throw new RangeError(`newId needs whole epoch milliseconds, got ${at}`);
  let time = '';
  let t = at;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (const b of bytes) random += ALPHABET[b % 32];
  return `${prefix}_${time}${random}`;
}
