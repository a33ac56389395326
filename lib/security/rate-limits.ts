import ipaddr from 'ipaddr.js';
import { RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';
import { transaction, type Db } from '@/db/client';
import { ApiError } from '@/lib/http/errors';

/**
 * Every rate limit, built on rate-limiter-flexible, one function per limit. The counters live in
 * the database (`rate_limits`, created by a migration; the library is told not to create it),
 * so several server processes on one database share them. On PostgreSQL the same table layout
 * serves rate-limiter-flexible's RateLimiterPostgres (or RateLimiterDrizzle) with
 * `tableCreated: true`.
 *
 * Limits are fixed windows (rate-limiter-flexible's model: N points per duration, the window
 * starting at a key's first point). TILLPOINT_RATE_LIMIT=off turns every limit off.
 */

export type RateLimitState = { limit: number; remaining: number; resetMs: number };

/** 429 `rate_limited`; the route adds Retry-After and RateLimit-* headers from `state`. */
export class RateLimitedError extends ApiError {
  constructor(
    readonly state: RateLimitState,
    message: string,
  ) {
    super('rate_limited', message);
  }
}

type Limit = { name: string; points: number; durationSeconds: number };

const rateLimitsOff = () => process.env.TILLPOINT_RATE_LIMIT === 'off';

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive whole number, got '${raw}'`);
  return Number(raw);
}

const limiters = new WeakMap<Db, Map<string, { limiter: RateLimiterSQLite; cleanedAt: number }>>();
const CLEANUP_EVERY_MS = 5 * 60_000;

function limiterFor(db: Db, limit: Limit) {
  let byName = limiters.get(db);
  if (!byName) limiters.set(db, (byName = new Map()));
  const id = `${limit.name}:${limit.points}:${limit.durationSeconds}`;
  let entry = byName.get(id);
  if (!entry) {
    const limiter = new RateLimiterSQLite({
      storeClient: db.$client,
      storeType: 'better-sqlite3',
      tableName: 'rate_limits',
      tableCreated: true,
      // Expired rows are removed below, inside our own transactions, never by a library timer.
      clearExpiredByTimeout: false,
      keyPrefix: limit.name,
      points: limit.points,
      duration: limit.durationSeconds,
    });
    byName.set(id, (entry = { limiter, cleanedAt: 0 }));
  }
  return entry;
}

const toState = (limit: Limit, res: RateLimiterRes): RateLimitState => ({
  limit: limit.points,
  remaining: res.remainingPoints,
  resetMs: res.msBeforeNext,
});

/**
 * Takes one point for `key`, or throws RateLimitedError when none is left. The library writes
 * with better-sqlite3 directly, so it runs inside `transaction()`: a bare write would otherwise
 * join (and could be rolled back with) another request's open transaction.
 */
async function take(db: Db, limit: Limit, key: string, message: (seconds: number) => string): Promise<RateLimitState> {
  const entry = limiterFor(db, limit);
  const outcome = await transaction(db, async () => {
    const now = Date.now();
    if (now - entry.cleanedAt > CLEANUP_EVERY_MS) {
      entry.cleanedAt = now;
      // Public on the class (RateLimiterSQLite#clearExpired), missing from its type declarations.
      await (entry.limiter as unknown as { clearExpired(now: number): Promise<void> }).clearExpired(now);
    }
    try {
      return { allowed: true, res: await entry.limiter.consume(key) };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { allowed: false, res: error };
      throw error;
    }
  });
  const state = toState(limit, outcome.res);
  if (!outcome.allowed) throw new RateLimitedError(state, message(Math.max(1, Math.ceil(state.resetMs / 1000))));
  return state;
}

async function giveBack(db: Db, limit: Limit, key: string): Promise<RateLimitState> {
  const entry = limiterFor(db, limit);
  return toState(limit, await transaction(db, () => entry.limiter.reward(key, 1)));
}

/**
 * Whom an address limit counts: an IPv4 address, or an IPv6 /64 (one subscriber usually holds a
 * whole /64, so counting single IPv6 addresses would hand out billions of allowances).
 */
export function addressKey(ip: string | null): string {
  if (!ip || !ipaddr.isValid(ip)) return 'unknown';
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4);
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`;
}

const signInLimit = (): Limit => ({
  name: 'sign_in_ip',
  points: positiveInteger('TILLPOINT_RATE_LIMIT_SIGN_IN_PER_IP', 20),
  durationSeconds: 60,
});

/**
 * One sign-in attempt from `ip` (TILLPOINT_RATE_LIMIT_SIGN_IN_PER_IP a minute, default 20).
 * Taken before the password is checked, so a burst cannot outrun it; a successful sign-in
 * gives its point back (`giveBackSignInAttempt`), so only failures use up the allowance.
 * Null when limits are off.
 */
export async function takeSignInAttempt(db: Db, ip: string | null): Promise<RateLimitState | null> {
  if (rateLimitsOff()) return null;
  return take(db, signInLimit(), addressKey(ip), (s) => `Too many sign-in attempts from your address. Try again in ${s} second${s === 1 ? '' : 's'}.`);
}

export async function giveBackSignInAttempt(db: Db, ip: string | null): Promise<RateLimitState | null> {
  if (rateLimitsOff()) return null;
  return giveBack(db, signInLimit(), addressKey(ip));
}

/** `RateLimit-*` headers (IETF draft: limit, remaining, seconds to reset), and Retry-After on a 429. */
export function rateLimitHeaders(state: RateLimitState, limited = false): Record<string, string> {
  const reset = String(Math.max(0, Math.ceil(state.resetMs / 1000)));
  return {
    'ratelimit-limit': String(state.limit),
    'ratelimit-remaining': String(state.remaining),
    'ratelimit-reset': reset,
    ...(limited ? { 'retry-after': String(Math.max(1, Number(reset))) } : {}),
  };
}
