import { createHash } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { idempotencyKeys } from '@/db/schema';
import { ApiError } from './errors';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// How long a claimed key waits for its request before another request may take it over.
const CLAIM_MS = 60_000;
// How long a concurrent duplicate waits for the first request's answer before giving up.
const WAIT_FOR_FIRST_MS = 15_000;
const POLL_MS = 20;

export type StoredResponse = { status: number; body: string };

/** Key order in the JSON body does not make two requests different. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(canonical(body))}`)
    .digest('hex');
}

type Claim = { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse } | { kind: 'busy' };

async function claimKey(db: Db, merchantId: string, key: string, hash: string, now: number): Promise<Claim> {
  return transaction(db, async (tx) => {
    const where = and(eq(idempotencyKeys.merchantId, merchantId), eq(idempotencyKeys.key, key));
    const [row] = await tx.select().from(idempotencyKeys).where(where);
    if (row && row.createdAt > now - IDEMPOTENCY_TTL_MS) {
      if (row.requestHash !== hash) {
        throw new ApiError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
        );
      }
      if (row.responseStatus !== null && row.responseBody !== null) {
        return { kind: 'replay', response: { status: row.responseStatus, body: row.responseBody } };
      }
      if (row.lockedUntil > now) return { kind: 'busy' };
    }
    if (row) await tx.delete(idempotencyKeys).where(where);
    await tx
      .insert(idempotencyKeys)
      .values({ merchantId, key, requestHash: hash, createdAt: now, lockedUntil: now + CLAIM_MS });
    return { kind: 'claimed' };
  });
}

/**
 * Runs `execute` at most once per (merchant, key) within 24 hours. A repeat with the same body
 * gets the stored response; one with another body is a 409; a concurrent repeat waits for the
 * first request to finish and then gets its response.
 */
export async function withIdempotency(
  db: Db,
  args: { merchantId: string; key: string; hash: string },
  execute: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (args.key.length === 0 || args.key.length > 255) {
    throw new ApiError('idempotency_key_invalid', 'Idempotency-Key must be 1 to 255 characters.');
  }
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const claim = await claimKey(db, args.merchantId, args.key, args.hash, Date.now());
    if (claim.kind === 'replay') return { ...claim.response, replayed: true };
    if (claim.kind === 'claimed') break;
    if (Date.now() > deadline) {
      throw new ApiError(
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still in progress. Retry later.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }

  const where = and(eq(idempotencyKeys.merchantId, args.merchantId), eq(idempotencyKeys.key, args.key));
  const release = () => transaction(db, async (tx) => tx.delete(idempotencyKeys).where(where));
  let response: StoredResponse;
  try {
    response = await execute();
  } catch (error) {
    await release();
    throw error;
  }
  // Server errors are not remembered: the client may retry them with the same key.
  if (response.status >= 500) {
    await release();
  } else {
    await transaction(db, async (tx) =>
      tx.update(idempotencyKeys).set({ responseStatus: response.status, responseBody: response.body }).where(where),
    );
  }
  return { ...response, replayed: false };
}

/** Forgets keys past their 24 hours (the worker calls this); returns how many were dropped. */
export async function purgeExpiredIdempotencyKeys(db: Db, now = Date.now()): Promise<number> {
  const removed = await transaction(db, async (tx) =>
    tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS)).returning({ key: idempotencyKeys.key }),
  );
  return removed.length;
}
