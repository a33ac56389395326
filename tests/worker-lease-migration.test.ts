import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, migrateDatabase, migrationStatus, openDatabase, type Db } from '@/db/client';
import { migrateBefore, removeMigrationCopies } from '@/db/migrations-before';
import { workerLeases } from '@/db/schema';
import { checkReadiness } from '@/lib/monitoring/readiness';
import { latestWorkerHeartbeat } from '@/lib/monitoring/worker-heartbeat';
import { acquireLease } from '@/lib/worker/lease';
import { unmigratedDatabase, type TestDatabase } from './test-db';

/**
 * Databases migrated before the worker took a lease per job kind still hold its single `worker`
 * lease, which nothing renews or releases any more: the drop_legacy_worker_lease migration
 * (SQLite 0020, PostgreSQL 0005) deletes it. On the suite's database (TEST_DATABASE=postgres too).
 */
describe('drop_legacy_worker_lease migration', () => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await unmigratedDatabase('lease_migration');
    db = openDatabase(database.databaseUrl);
  });

  afterAll(async () => {
    await closeDatabase(db);
    await database.remove();
  });

  afterEach(removeMigrationCopies);

  it('deletes the single worker lease, and readiness then sees only the per-kind leases', async () => {
    await migrateBefore(db, 'drop_legacy_worker_lease');
    const now = Date.now();
    const lastRenewed = now - 3_600_000;
    await db.insert(workerLeases).values({ name: 'worker', holder: 'worker_4242_0badcafe', expiresAt: lastRenewed + 5_000, heartbeatAt: lastRenewed });
    // Before: the stale row is the latest heartbeat, though no worker has run since.
    expect(await latestWorkerHeartbeat(db)).toBe(lastRenewed);

    await migrateDatabase(db);
    expect(await db.select().from(workerLeases)).toEqual([]);
    expect(await latestWorkerHeartbeat(db)).toBeNull();
    const idle = await checkReadiness(db, now);
    expect(idle.checks.migrations).toMatchObject({ ok: true, applied: (await migrationStatus(db)).expected });
    expect(idle.checks.worker).toEqual({ ok: false, heartbeat_age_seconds: null });

    // A worker's per-kind lease is the heartbeat again, and the server is ready.
    expect(await acquireLease(db, 'settlement', 'worker_1_cafe', 5_000, now)).toBe(true);
    expect(await latestWorkerHeartbeat(db)).toBe(now);
    const ready = await checkReadiness(db, now + 1_000);
    expect(ready).toMatchObject({ ready: true, checks: { worker: { ok: true, heartbeat_age_seconds: 1 } } });
  });
});
