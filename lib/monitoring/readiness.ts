import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER, type Db } from '@/db/client';
import { workerLeases } from '@/db/schema';

// The worker passes every second by default; a heartbeat older than this means it is stuck.
const HEARTBEAT_STALE_MS = 30_000;

export type Readiness = {
  ready: boolean;
  checks: {
    database: { ok: boolean; error?: string };
    migrations: { ok: boolean; applied: number; expected: number };
    worker: { ok: boolean; heartbeat_age_seconds: number | null };
  };
};

/** Ready means: the database answers, every migration is applied, and the worker is alive. */
export async function checkReadiness(db: Db, now = Date.now()): Promise<Readiness> {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  try {
    const [{ applied }] = db.all<{ applied: number }>(sql`SELECT count(*) AS applied FROM __drizzle_migrations`);
    const [lease] = await db.select().from(workerLeases).where(eq(workerLeases.name, 'worker'));
    const age = lease ? now - lease.heartbeatAt : null;
    const checks = {
      database: { ok: true },
      migrations: { ok: applied === journal.entries.length, applied, expected: journal.entries.length },
      worker: { ok: age !== null && age < HEARTBEAT_STALE_MS, heartbeat_age_seconds: age === null ? null : age / 1000 },
    };
    return { ready: checks.migrations.ok && checks.worker.ok, checks };
  } catch (error) {
    return {
      ready: false,
      checks: {
        database: { ok: false, error: String(error) },
        migrations: { ok: false, applied: 0, expected: journal.entries.length },
        worker: { ok: false, heartbeat_age_seconds: null },
      },
    };
  }
}
