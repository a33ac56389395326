import { hostname } from 'node:os';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setBeforeGroupCommit, transaction } from '@/db/client';
import { idempotencyKeys, serverInstances } from '@/db/schema';
import {
  IDEMPOTENCY_TTL_MS,
  claimKey,
  finishKey,
  purgeExpiredIdempotencyKeys,
  recordIdempotentResource,
  requestFingerprint,
  runKeyed,
} from '@/lib/idempotency/keys';
import { INSTANCE_STALE_MS } from '@/lib/runtime/server-instance';
import { dbWithMerchant } from '@/tests/test-db';
import { withIdempotency } from './idempotency';

const noResume = async () => {
  throw new Error('nothing to resume');
};

/** A key left behind by another process, as a crash leaves it. */
async function orphanKey(
  db: Awaited<ReturnType<typeof dbWithMerchant>>['db'],
  merchantId: string,
  key: string,
  holder: { pid: number; heartbeatAt: number },
  recorded?: { type: 'payment'; id: string },
) {
  const owner = `inst_other_${key}`;
  await transaction(db, async (tx) => {
    await tx.insert(serverInstances).values({ id: owner, host: hostname(), pid: holder.pid, startedAt: holder.heartbeatAt, heartbeatAt: holder.heartbeatAt });
    await tx.insert(idempotencyKeys).values({
      merchantId,
      key,
      requestHash: 'h',
      recoveryPoint: recorded ? 'recorded' : 'started',
      resourceType: recorded?.type ?? null,
      resourceId: recorded?.id ?? null,
      owner,
      createdAt: Date.now(),
    });
  });
}

// A pid no process has: above the kernel's pid_max.
const DEAD_PID = 2 ** 22 + 1;

describe('idempotency keys', () => {
  it('treats bodies that differ only in key order as the same request', () => {
    const a = requestFingerprint('POST', '/api/v1/payments', { amount: '1.00', metadata: { a: '1', b: '2' } });
    const b = requestFingerprint('POST', '/api/v1/payments', { metadata: { b: '2', a: '1' }, amount: '1.00' });
    expect(a).toBe(b);
    expect(requestFingerprint('POST', '/api/v1/payments', { amount: '1.01' })).not.toBe(a);
    expect(requestFingerprint('POST', '/api/v1/refunds', { amount: '1.00', metadata: { a: '1', b: '2' } })).not.toBe(a);
  });

  it('runs the request once, does not remember server errors, and forgets keys after 24 hours', async () => {
    const { db, merchantId } = await dbWithMerchant();
    let runs = 0;
    const args = { merchantId, key: 'k1', hash: 'h1' };
    const ok = { execute: async () => ({ status: 201, body: `{"run":${++runs}}` }), resume: noResume };
    expect(await withIdempotency(db, args, ok)).toEqual({ status: 201, body: '{"run":1}', replayed: false });
    expect(await withIdempotency(db, args, ok)).toEqual({ status: 201, body: '{"run":1}', replayed: true });

    const failing = { ...args, key: 'k2' };
    await withIdempotency(db, failing, { execute: async () => ({ status: 500, body: 'boom' }), resume: noResume });
    expect(await withIdempotency(db, failing, ok)).toMatchObject({ body: '{"run":2}', replayed: false });

    expect(await purgeExpiredIdempotencyKeys(db, Date.now() + IDEMPOTENCY_TTL_MS + 1)).toBe(2);
    expect(await withIdempotency(db, args, ok)).toMatchObject({ body: '{"run":3}', replayed: false });
  });

  it('takes over at once a key whose process is gone: runs it again if nothing was recorded, resumes it if it was', async () => {
    const { db, merchantId } = await dbWithMerchant();
    await orphanKey(db, merchantId, 'started-dead', { pid: DEAD_PID, heartbeatAt: Date.now() });
    await orphanKey(db, merchantId, 'recorded-dead', { pid: DEAD_PID, heartbeatAt: Date.now() }, { type: 'payment', id: 'pay_1' });
    const started = Date.now();
    expect(await claimKey(db, { merchantId, key: 'started-dead', hash: 'h' })).toEqual({ kind: 'execute' });
    expect(await claimKey(db, { merchantId, key: 'recorded-dead', hash: 'h' })).toEqual({ kind: 'resume', resource: { type: 'payment', id: 'pay_1' } });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('waits for a key held by a live process, and takes it once that process stops beating', async () => {
    const { db, merchantId } = await dbWithMerchant();
    // Our parent process is alive on this host: its key is busy while its heartbeat is fresh.
    await orphanKey(db, merchantId, 'live', { pid: process.ppid, heartbeatAt: Date.now() });
    expect(await claimKey(db, { merchantId, key: 'live', hash: 'h' })).toEqual({ kind: 'busy' });
    await orphanKey(db, merchantId, 'frozen', { pid: process.ppid, heartbeatAt: Date.now() - INSTANCE_STALE_MS - 1 });
    expect(await claimKey(db, { merchantId, key: 'frozen', hash: 'h' })).toEqual({ kind: 'execute' });
    // Our own pid under another instance id is an earlier life of this process (a restarted container).
    await orphanKey(db, merchantId, 'earlier-life', { pid: process.pid, heartbeatAt: Date.now() });
    expect(await claimKey(db, { merchantId, key: 'earlier-life', hash: 'h' })).toEqual({ kind: 'execute' });
  });

  it('refuses a different body under a key even while the key is held', async () => {
    const { db, merchantId } = await dbWithMerchant();
    await orphanKey(db, merchantId, 'held', { pid: process.ppid, heartbeatAt: Date.now() });
    await expect(claimKey(db, { merchantId, key: 'held', hash: 'other' })).rejects.toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('rolls back the work of a request whose key was taken over by another process', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const req = { merchantId, key: 'fenced', hash: 'h' };
    expect(await claimKey(db, req)).toEqual({ kind: 'execute' });
    // Another process decided we were dead and took the key.
    await transaction(db, (tx) => tx.update(idempotencyKeys).set({ owner: 'inst_someone_else' }));
    await expect(
      runKeyed(db, req, () =>
        transaction(db, async (tx) => {
          await tx.insert(serverInstances).values({ id: 'written_by_fenced_request', host: 'h', pid: 1, startedAt: 0, heartbeatAt: 0 });
          await recordIdempotentResource(tx, { type: 'payment', id: 'pay_x' });
        }),
      ),
    ).rejects.toThrow(/no longer held/);
    const rows = await db.select().from(serverInstances);
    expect(rows.map((r) => r.id)).not.toContain('written_by_fenced_request');
  });

  it('fsyncs a stored answer only when a retry could not rebuild it from the object the request recorded', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const levels: string[] = [];
    setBeforeGroupCommit((_n, synchronous) => levels.push(synchronous));
    try {
      const answer = { status: 201, body: '{}' };
      const recorded = { merchantId, key: 'recorded', hash: 'h' };
      expect(await claimKey(db, recorded)).toEqual({ kind: 'execute' });
      await runKeyed(db, recorded, () => transaction(db, (tx) => recordIdempotentResource(tx, { type: 'payment', id: 'pay_1' })));
      levels.length = 0;
      await finishKey(db, recorded, answer);
      expect(levels).toEqual(['NORMAL']);

      const bare = { merchantId, key: 'bare', hash: 'h' };
      await claimKey(db, bare);
      levels.length = 0;
      await finishKey(db, bare, answer);
      expect(levels).toEqual(['FULL']);
    } finally {
      setBeforeGroupCommit(() => {});
    }
  });

  it('fsyncs the answer when the transaction that recorded the object rolled back', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const levels: string[] = [];
    setBeforeGroupCommit((_n, synchronous) => levels.push(synchronous));
    try {
      const req = { merchantId, key: 'rolled-back', hash: 'h' };
      await claimKey(db, req);
      const recordThenFail = () =>
        transaction(db, async (tx) => {
          await recordIdempotentResource(tx, { type: 'payment', id: 'pay_1' });
          throw new Error('declined after recording');
        });
      await expect(runKeyed(db, req, recordThenFail)).rejects.toThrow('declined after recording');
      levels.length = 0;
      await finishKey(db, req, { status: 402, body: '{}' });
      expect(levels).toEqual(['NORMAL', 'FULL']);
      const [row] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'rolled-back'));
      expect(row).toMatchObject({ recoveryPoint: 'finished', responseStatus: 402, resourceId: null });
    } finally {
      setBeforeGroupCommit(() => {});
    }
  });

  it('records each request under its own key when their transactions share a group commit', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const groups: number[] = [];
    setBeforeGroupCommit((n) => groups.push(n));
    try {
      const requests = ['a', 'b', 'c'].map((key) => ({ merchantId, key, hash: 'h' }));
      for (const req of requests) await claimKey(db, req);
      groups.length = 0;
      await Promise.all(
        requests.map((req) => runKeyed(db, req, () => transaction(db, (tx) => recordIdempotentResource(tx, { type: 'payment', id: `pay_${req.key}` })))),
      );
      expect(groups).toEqual([3]);
      const rows = await db.select().from(idempotencyKeys);
      expect(Object.fromEntries(rows.map((r) => [r.key, r.resourceId]))).toEqual({ a: 'pay_a', b: 'pay_b', c: 'pay_c' });
    } finally {
      setBeforeGroupCommit(() => {});
    }
  });
});
