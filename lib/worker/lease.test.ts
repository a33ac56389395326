import { describe, expect, it } from 'vitest';
import { workerLeases } from '@/db/schema';
import { freshDb } from '@/tests/test-db';
import { latestWorkerHeartbeat } from '@/lib/monitoring/worker-heartbeat';
import { acquireLease, releaseLeases } from './lease';

describe('worker leases', () => {
  it('has one holder at a time, renewed by it, taken over when it expires', async () => {
    const db = freshDb();
    expect(await acquireLease(db, 'settlement', 'a', 1000, 10_000)).toBe(true);
    expect(await acquireLease(db, 'settlement', 'b', 1000, 10_500)).toBe(false);
    expect(await acquireLease(db, 'settlement', 'a', 1000, 10_900)).toBe(true);
    // a renewed until 11_900
    expect(await acquireLease(db, 'settlement', 'b', 1000, 11_800)).toBe(false);
    expect(await acquireLease(db, 'settlement', 'b', 1000, 11_900)).toBe(true);
    expect(await acquireLease(db, 'settlement', 'a', 1000, 12_000)).toBe(false);
    // Another kind is a lease of its own.
    expect(await acquireLease(db, 'alerts', 'a', 1000, 12_000)).toBe(true);
    expect(await db.select().from(workerLeases).orderBy(workerLeases.name)).toEqual([
      { name: 'alerts', holder: 'a', expiresAt: 13_000, heartbeatAt: 12_000 },
      { name: 'settlement', holder: 'b', expiresAt: 12_900, heartbeatAt: 11_900 },
    ]);
    expect(await latestWorkerHeartbeat(db)).toBe(12_000);
  });

  it('gives a stopping holder’s leases to the next taker at once, and only its own', async () => {
    const db = freshDb();
    expect(await latestWorkerHeartbeat(db)).toBeNull();
    await acquireLease(db, 'settlement', 'a', 60_000, 1000);
    await acquireLease(db, 'alerts', 'a', 60_000, 1000);
    await acquireLease(db, 'payment-outcomes', 'b', 60_000, 1000);
    await releaseLeases(db, 'a');
    expect(await acquireLease(db, 'settlement', 'b', 60_000, 1001)).toBe(true);
    expect(await acquireLease(db, 'alerts', 'c', 60_000, 1001)).toBe(true);
    expect((await db.select().from(workerLeases).orderBy(workerLeases.name)).map((l) => [l.name, l.holder])).toEqual([
      ['alerts', 'c'],
      ['payment-outcomes', 'b'],
      ['settlement', 'b'],
    ]);
  });
});
