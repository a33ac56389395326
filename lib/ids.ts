import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: sorts as it reads
const RANDOM_CHARS = 16;

// The last id's time and random part: ids made in the same millisecond count up from it, so
// they sort in the order they were made (two rules created in one millisecond are evaluated,
// and listed, in creation order; random bytes alone would order them by chance).
let last: { time: string; random: number[] } | undefined;

/**
 * Prefixed, time-ordered ids (`pay_01JD...`): 10 characters of milliseconds then 16 of
 * randomness, so ordering by id is ordering by creation time and cursors are stable. Within
 * one millisecond of one process the random part is incremented (as ULID's monotonic mode
 * does) instead of drawn again.
 */
export function newId(prefix: string, at: number = Date.now()): string {
  if (!Number.isSafeInteger(at) || at < 0) throw new RangeError(`newId needs whole epoch milliseconds, got ${at}`);
  let time = '';
  let t = at;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = last?.time === time ? increment(last.random) : [...randomBytes(RANDOM_CHARS)].map((b) => b % 32);
  last = { time, random };
  return `${prefix}_${time}${random.map((digit) => ALPHABET[digit]).join('')}`;
}

/** The base-32 number one above `digits`; 2^80 ids in one millisecond cannot happen. */
function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] < 31) {
      next[i]++;
      return next;
    }
    next[i] = 0;
  }
  throw new RangeError('newId: random part overflowed within one millisecond');
}
