import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { and, eq, lt, or } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { idempotencyKeys } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { isSealed, seal, unseal } from '@/lib/security/encryption';
import { currentInstanceId, isInstanceAlive } from '@/lib/runtime/server-instance';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** What a keyed request created: a retry after a crash resumes it instead of running again. */
export type IdempotentResource = { type: 'payment' | 'refund' | 'review' | 'payout' | 'payment_intent'; id: string };

export type KeyedRequest = { merchantId: string; key: string; hash: string };

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

export type Claim =
  | { kind: 'execute' }
  | { kind: 'resume'; resource: IdempotentResource }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'busy' };

// Keys this process is working on now, and whether the request recorded its object yet.
// Another process's keys are judged by its heartbeat.
const running = new Map<string, { recorded: boolean }>();
const runningKey = (req: KeyedRequest) => `${req.merchantId}\u0000${req.key}`;
const whereKey = (req: KeyedRequest) => and(eq(idempotencyKeys.merchantId, req.merchantId), eq(idempotencyKeys.key, req.key));

/**
 * Takes the key for this process, or says why not. A key whose holder died (its process is
 * gone, or restarted) is taken over at once; a key that already recorded its object is
 * resumed, never executed a second time.
 */
export async function claimKey(db: Db, req: KeyedRequest, now = Date.now()): Promise<Claim> {
  const owner = await currentInstanceId(db);
  let took = false;
  const take = () => {
    running.set(runningKey(req), { recorded: false });
    took = true;
  };
  // Not durable on its own: nothing is answered before the request's own durable commit, which
  // makes the claim durable with it (db/postgres.ts, TransactionOptions).
  return transaction(db, async (tx): Promise<Claim> => {
    const [row] = await tx.select().from(idempotencyKeys).where(whereKey(req));
    if (row && row.createdAt > now - IDEMPOTENCY_TTL_MS) {
      if (row.requestHash !== req.hash) {
        throw new DomainError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
        );
      }
      if (row.recoveryPoint === 'finished' && row.responseStatus !== null && row.responseBody !== null) {
        return { kind: 'replay', response: { status: row.responseStatus, body: openStoredBody(req, row.responseBody) } };
      }
      const holderAlive =
        row.owner !== null && (row.owner === owner ? running.has(runningKey(req)) : await isInstanceAlive(tx, row.owner, now));
      if (holderAlive) return { kind: 'busy' };
      await tx.update(idempotencyKeys).set({ owner }).where(whereKey(req));
      take();
      if (row.recoveryPoint === 'recorded' && row.resourceType && row.resourceId) {
        return { kind: 'resume', resource: { type: row.resourceType as IdempotentResource['type'], id: row.resourceId } };
      }
      return { kind: 'execute' };
    }
    if (row) await tx.delete(idempotencyKeys).where(whereKey(req));
    await tx.insert(idempotencyKeys).values({ merchantId: req.merchantId, key: req.key, requestHash: req.hash, recoveryPoint: 'started', owner, createdAt: now });
    take();
    return { kind: 'execute' };
  }, { durable: false }).catch((error) => {
    if (took) running.delete(runningKey(req));
    throw error;
  });
}

// Answers stored before they were sealed are plain JSON; they expire within 24 hours.
const openStoredBody = (req: KeyedRequest, stored: string) => (isSealed(stored) ? unseal(stored, answerContext(req)) : stored);
const answerContext = (req: KeyedRequest) => `idempotency_keys.response_body.${req.merchantId}.${req.key}`;

const scope = new AsyncLocalStorage<KeyedRequest & { owner: string }>();

/** Runs a claimed request so that `recordIdempotentResource` can find its key. */
export async function runKeyed<T>(db: Db, req: KeyedRequest, fn: () => Promise<T>): Promise<T> {
  return scope.run({ ...req, owner: await currentInstanceId(db) }, fn);
}

/**
 * Called by a service inside the transaction that creates (or first changes) the object a
 * keyed request is about, so the key's recovery point commits with it. Outside a keyed
 * request it does nothing. If another process took the key over meanwhile, the transaction
 * is rolled back: only one of them may apply the request. A PaymentIntent is a first step:
 * the payment its confirmation creates in the same request takes its place.
 */
export async function recordIdempotentResource(tx: Db, resource: IdempotentResource): Promise<void> {
  const req = scope.getStore();
  if (!req) return;
  const updated = await tx
    .update(idempotencyKeys)
    .set({ recoveryPoint: 'recorded', resourceType: resource.type, resourceId: resource.id })
    .where(
      and(
        whereKey(req),
        eq(idempotencyKeys.owner, req.owner),
        or(eq(idempotencyKeys.recoveryPoint, 'started'), and(eq(idempotencyKeys.recoveryPoint, 'recorded'), eq(idempotencyKeys.resourceType, 'payment_intent'))),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  if (updated.length === 0) throw new Error(`Idempotency-Key ${req.key} is no longer held by this request`);
  const held = running.get(runningKey(req));
  if (held) held.recorded = true;
}

/**
 * Stores the answer for replays and lets the key go. Durable only when the request recorded no
 * object: a retry that finds the key `recorded` (the answer lost in a power cut) rebuilds the
 * same answer from the object, but one that finds it `started` would run the request again.
 * The relaxed write is conditioned on the row's committed `recorded` point, not on the
 * request having called `recordIdempotentResource`: that transaction may have rolled back.
 */
export async function finishKey(db: Db, req: KeyedRequest, response: StoredResponse): Promise<void> {
  const owner = await currentInstanceId(db);
  // Sealed: an answer may carry a secret shown once (a new API key, a webhook secret).
  const finished = { recoveryPoint: 'finished' as const, responseStatus: response.status, responseBody: seal(response.body, answerContext(req)), owner: null };
  const held = and(whereKey(req), eq(idempotencyKeys.owner, owner));
  try {
    if (running.get(runningKey(req))?.recorded) {
      const stored = await transaction(
        db,
        (tx) => tx.update(idempotencyKeys).set(finished).where(and(held, eq(idempotencyKeys.recoveryPoint, 'recorded'))).returning({ key: idempotencyKeys.key }),
        { durable: false },
      );
      if (stored.length > 0) return;
    }
    await transaction(db, (tx) => tx.update(idempotencyKeys).set(finished).where(held));
  } finally {
    running.delete(runningKey(req));
  }
}

/**
 * Lets the key go without an answer (a server error): a request that created nothing may run
 * again with the same key; one that did is resumed by the next retry.
 */
export async function abandonKey(db: Db, req: KeyedRequest): Promise<void> {
  const owner = await currentInstanceId(db);
  try {
    // Not durable: a key still held after a power cut belongs to a process that is gone, and is taken over.
    await transaction(
      db,
      async (tx) => {
        const mine = and(whereKey(req), eq(idempotencyKeys.owner, owner));
        await tx.delete(idempotencyKeys).where(and(mine, eq(idempotencyKeys.recoveryPoint, 'started')));
        await tx.update(idempotencyKeys).set({ owner: null }).where(mine);
      },
      { durable: false },
    );
  } finally {
    running.delete(runningKey(req));
  }
}

/** Forgets keys past their 24 hours (the worker calls this); returns how many were dropped. */
export async function purgeExpiredIdempotencyKeys(db: Db, now = Date.now()): Promise<number> {
  const removed = await transaction(db, async (tx) =>
    tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS)).returning({ key: idempotencyKeys.key }),
  );
  return removed.length;
}
