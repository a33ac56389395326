import ipaddr from 'ipaddr.js';
import { RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite } from 'rate-limiter-flexible';
import { asPostgres, transaction, type Db } from '@/db/client';
import { onPostgres } from '@/db/dialect';
import { DomainError } from '@/lib/errors';
import type { Principal } from './authenticate';
import { TokenBuckets } from './token-buckets';

/**
 * Every rate limit, one function per limit. TILLPOINT_RATE_LIMIT=off turns every limit off.
 *
 * Two kinds, by what they guard:
 * - Sign-in (per IP, per minute) guards passwords: its counters live in the database
 *   (`rate_limits`, rate-limiter-flexible's RateLimiterSQLite; created by a migration, the
 *   library is told not to create it), so several server processes on one database share them.
 *   On PostgreSQL the same table layout serves RateLimiterPostgres (or RateLimiterDrizzle) with
 *   `tableCreated: true`. These are rate-limiter-flexible's fixed windows (N points per
 *   duration, the window starting at a key's first point). A take is a committed transaction,
 *   affordable for sign-ins, not for every API request.
 * - API requests (per key and per IP, per second) guard capacity: token buckets in process
 *   memory (`TokenBuckets`), a Map lookup per request. Each server process counts on its own,
 *   so N processes behind a load balancer let a client through up to N times the limit.
 */

export type RateLimitState = {
  limit: number;
  remaining: number;
  /** Until the allowance is whole again. */
  resetMs: number;
  /** Until the next request would be let through, when that is sooner than the reset (token buckets). */
  retryMs?: number;
};

/** 429 `rate_limited`; the route adds Retry-After and RateLimit-* headers from `state`. */
export class RateLimitedError extends DomainError {
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

type StoreLimiter = RateLimiterSQLite | RateLimiterPostgres;
const limiters = new WeakMap<Db, Map<string, { limiter: StoreLimiter; cleanedAt: number }>>();
const CLEANUP_EVERY_MS = 5 * 60_000;

function limiterFor(db: Db, limit: Limit) {
  let byName = limiters.get(db);
  if (!byName) limiters.set(db, (byName = new Map()));
  const id = `${limit.name}:${limit.points}:${limit.durationSeconds}`;
  let entry = byName.get(id);
  if (!entry) {
    const options = {
      tableName: 'rate_limits',
      tableCreated: true,
      // Expired rows are removed below, inside our own transactions, never by a library timer.
      clearExpiredByTimeout: false,
      keyPrefix: limit.name,
      points: limit.points,
      duration: limit.durationSeconds,
    };
    // PostgreSQL: the library's store on the pool (one atomic upsert per take, shared by every
    // instance); SQLite: its better-sqlite3 store on the connection.
    const limiter = onPostgres
      ? new RateLimiterPostgres({ ...options, storeClient: asPostgres(db).$client, storeType: 'pool' })
      : new RateLimiterSQLite({ ...options, storeClient: db.$client, storeType: 'better-sqlite3' });
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
 * SQLite: the library writes with better-sqlite3 directly, so it runs inside `transaction()`
 * (a bare write would otherwise join, and could be rolled back with, another request's open
 * transaction). PostgreSQL: each of its statements is atomic on a pooled connection of its own.
 */
const inLimiterTransaction = <T>(db: Db, fn: () => Promise<T>): Promise<T> =>
  // Not durable: a power cut may forget a minute's failed sign-ins, not lose anything else.
  onPostgres ? fn() : transaction(db, fn, { durable: false });

/**
 * Takes one point for `key`, or throws RateLimitedError when none is left.
 */
async function take(db: Db, limit: Limit, key: string, message: (seconds: number) => string): Promise<RateLimitState> {
  const entry = limiterFor(db, limit);
  const outcome = await inLimiterTransaction(db, async () => {
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
  return toState(limit, await inLimiterTransaction(db, () => entry.limiter.reward(key, 1)));
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
  const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));
  return {
    'ratelimit-limit': String(state.limit),
    'ratelimit-remaining': String(state.remaining),
    'ratelimit-reset': String(seconds(state.resetMs)),
    ...(limited ? { 'retry-after': String(Math.max(1, seconds(state.retryMs ?? state.resetMs))) } : {}),
  };
}

type RequestLimit = { name: string; perSecond: number; what: string };

const BUCKETS = Symbol.for('tillpoint.requestBuckets');
// On globalThis: Next.js may load this module once per route bundle, and a key's requests to
// different routes must drain one bucket.
const globals = globalThis as { [BUCKETS]?: Map<string, TokenBuckets> };

/** One second's worth of burst: a bucket of `perSecond` tokens refilled at `perSecond` a second. */
function bucketsFor(limit: RequestLimit): TokenBuckets {
  const all = (globals[BUCKETS] ??= new Map());
  const id = `${limit.name}:${limit.perSecond}`;
  let buckets = all.get(id);
  if (!buckets) all.set(id, (buckets = new TokenBuckets(limit.perSecond, limit.perSecond)));
  return buckets;
}

function takeRequest(limit: RequestLimit, key: string): RateLimitState {
  const take = bucketsFor(limit).take(key);
  const state = { limit: limit.perSecond, remaining: take.remaining, resetMs: take.fullInMs, retryMs: take.retryInMs };
  if (!take.allowed) {
    throw new RateLimitedError(state, `Too many requests ${limit.what}: at most ${limit.perSecond} a second. Slow down and retry (see Retry-After).`);
  }
  return state;
}

/**
 * One API request from `ip` (TILLPOINT_RATE_LIMIT_PER_IP a second, default 200), taken before
 * authentication so that requests with garbage keys are limited too. Null when limits are off
 * or the address is unknown (counting all unknown callers as one would make it a global limit).
 */
export function takeAddressRequest(ip: string | null): RateLimitState | null {
  if (rateLimitsOff() || !ip) return null;
  return takeRequest({ name: 'api_ip', perSecond: positiveInteger('TILLPOINT_RATE_LIMIT_PER_IP', 200), what: 'from your address' }, addressKey(ip));
}

/**
 * One API request by `principal` (TILLPOINT_RATE_LIMIT_PER_KEY a second, default 100), counted
 * per API key, or per user for the dashboard's session cookie. Null when limits are off.
 */
export function takePrincipalRequest(principal: Principal): RateLimitState | null {
  if (rateLimitsOff()) return null;
  const perSecond = positiveInteger('TILLPOINT_RATE_LIMIT_PER_KEY', 100);
  return principal.via === 'api_key'
    ? takeRequest({ name: 'api_key', perSecond, what: 'with this API key' }, principal.actor)
    : takeRequest({ name: 'api_key', perSecond, what: 'from your account' }, `user:${principal.userId}`);
}

/** Of the limits a request passed, the one nearest to running out: the one its headers report. */
export function nearestLimit(...states: (RateLimitState | null)[]): RateLimitState | null {
  let nearest: RateLimitState | null = null;
  for (const state of states) {
    if (state && (!nearest || state.remaining / state.limit < nearest.remaining / nearest.limit)) nearest = state;
  }
  return nearest;
}
