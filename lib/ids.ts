import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: sorts as it reads
const RANDOM_CHARS = 16;

// The last random part used for each recent millisecond: an id made for a millisecond that
// already has ids counts up from that millisecond's last one, so ids of one millisecond sort in
// the order they were made, even when ids of another millisecond were made in between (a
// payment's outbox events are stamped with the request's time, across several transactions,
// while other ids get the clock's time). Only recent milliseconds are kept.
const lastRandom = new Map<string, number[]>();
const REMEMBERED_MILLISECONDS = 1024;

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
  const previous = lastRandom.get(time);
  const random = previous ? increment(previous) : [...randomBytes(RANDOM_CHARS)].map((b) => b % 32);
  lastRandom.delete(time);
  lastRandom.set(time, random);
  if (lastRandom.size > REMEMBERED_MILLISECONDS) lastRandom.delete(lastRandom.keys().next().value!);
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
