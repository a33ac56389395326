import { databasePool, migrationStatus, type Db } from '@/db/client';
import type { PoolStats } from '@/db/postgres';
import { latestWorkerHeartbeat } from './worker-heartbeat';

// The worker passes every second by default; a heartbeat older than this means it is stuck.
const HEARTBEAT_STALE_MS = 30_000;

export type Readiness = {
  ready: boolean;
  checks: {
    database: { ok: boolean; error?: string; pool?: PoolStats };
    migrations: { ok: boolean; applied: number; expected: number };
    worker: { ok: boolean; heartbeat_age_seconds: number | null };
  };
};

/**
 * Ready means: the database answers, every migration is applied, and the worker is alive. On
 * PostgreSQL the database check also shows the pool (connections open, idle, clients waiting).
 */
export async function checkReadiness(db: Db, now = Date.now()): Promise<Readiness> {
  const pool = databasePool(db) ?? undefined;
  let expected = 0;
  try {
    const migrations = await migrationStatus(db);
    expected = migrations.expected;
    const heartbeat = await latestWorkerHeartbeat(db);
    const age = heartbeat === null ? null : now - heartbeat;
    const checks = {
      database: { ok: true, ...(pool && { pool: databasePool(db)! }) },
      migrations: { ok: migrations.applied === migrations.expected, ...migrations },
      worker: { ok: age !== null && age < HEARTBEAT_STALE_MS, heartbeat_age_seconds: age === null ? null : age / 1000 },
    };
    return { ready: checks.migrations.ok && checks.worker.ok, checks };
  } catch (error) {
    return {
      ready: false,
      checks: {
        database: { ok: false, error: String(error), ...(pool && { pool }) },
        migrations: { ok: false, applied: 0, expected },
        worker: { ok: false, heartbeat_age_seconds: null },
      },
    };
  }
}
