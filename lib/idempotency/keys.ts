import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { and, eq, lt, or, sql } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { placeholders, preparedQuery, setPlaceholder } from '@/db/sql';
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

// The statements every keyed request runs, prepared (db/sql.ts).
const keyPlaceholder = and(eq(idempotencyKeys.merchantId, sql.placeholder('merchantId')), eq(idempotencyKeys.key, sql.placeholder('key')));
const heldKey = and(keyPlaceholder, eq(idempotencyKeys.owner, sql.placeholder('owner')));
const insertNewKey = preparedQuery('idempotency_key_insert', (db) =>
  db
    .insert(idempotencyKeys)
    .values({ ...placeholders(['merchantId', 'key', 'requestHash', 'owner', 'createdAt']), recoveryPoint: 'started' })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key }),
);
const keyRow = preparedQuery('idempotency_key_row', (db) => db.select().from(idempotencyKeys).where(keyPlaceholder));
const markRecorded = preparedQuery('idempotency_key_recorded', (db) =>
  db
    .update(idempotencyKeys)
    .set({ recoveryPoint: 'recorded', resourceType: setPlaceholder('resourceType'), resourceId: setPlaceholder('resourceId') })
    .where(and(heldKey, or(eq(idempotencyKeys.recoveryPoint, 'started'), and(eq(idempotencyKeys.recoveryPoint, 'recorded'), eq(idempotencyKeys.resourceType, 'payment_intent')))))
    .returning({ key: idempotencyKeys.key }),
);
const finishedAnswer = { recoveryPoint: 'finished', responseStatus: setPlaceholder('responseStatus'), responseBody: setPlaceholder('responseBody'), owner: null } as const;
const storeAnswer = preparedQuery('idempotency_key_finished', (db) => db.update(idempotencyKeys).set(finishedAnswer).where(heldKey));
// Only where the key's committed row says `recorded`: the answer can then be rebuilt from the object.
const storeRebuildableAnswer = preparedQuery('idempotency_key_finished_recorded', (db) =>
  db
    .update(idempotencyKeys)
    .set(finishedAnswer)
    .where(and(heldKey, eq(idempotencyKeys.recoveryPoint, 'recorded')))
    .returning({ key: idempotencyKeys.key }),
);

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
  const fresh = { merchantId: req.merchantId, key: req.key, requestHash: req.hash, owner, createdAt: now };
  return transaction(db, async (tx): Promise<Claim> => {
    // A new key (the common case) is one statement: insert unless it exists.
    if ((await insertNewKey(tx, fresh)).length > 0) {
      take();
      return { kind: 'execute' };
    }
    const [row] = await keyRow(tx, { merchantId: req.merchantId, key: req.key });
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
    await insertNewKey(tx, fresh);
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
  const updated = await markRecorded(tx, { merchantId: req.merchantId, key: req.key, owner: req.owner, resourceType: resource.type, resourceId: resource.id });
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
  try {
    // Sealed: an answer may carry a secret shown once (a new API key, a webhook secret).
    const answer = { merchantId: req.merchantId, key: req.key, owner, responseStatus: response.status, responseBody: seal(response.body, answerContext(req)) };
    if (running.get(runningKey(req))?.recorded) {
      const stored = await transaction(db, (tx) => storeRebuildableAnswer(tx, answer), { durable: false });
      if (stored.length > 0) return;
    }
    await transaction(db, (tx) => storeAnswer(tx, answer));
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
