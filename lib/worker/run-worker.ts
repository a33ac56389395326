import { randomBytes } from 'node:crypto';
import { transaction } from '@/db/client';
import type { Db } from '@/db/client';
import { purgeExpiredIdempotencyKeys } from '@/lib/http/idempotency';
import { evaluateAlerts } from '@/lib/monitoring/evaluate-alerts';
import { settleInFlight } from '@/lib/payments/settle-in-flight';
import { releaseAvailableFunds } from '@/lib/settlement/balance-transactions';
import { progressPayouts, runSettlement } from '@/lib/settlement/payouts';
import { acquireLease } from './lease';
import { log } from '@/lib/log';

const LEASE = 'worker';

export type WorkerHandle = { stop: () => Promise<void> };

/**
 * The background loop: every `intervalMs` the lease holder settles in-flight payments and
 * refunds, releases funds whose settlement delay has passed, settles yesterday, moves payouts
 * along, evaluates alert rules and forgets expired idempotency keys. Errors are logged and
 * the loop goes on; `stop` waits for the current pass.
 */
export function startWorker(db: Db, intervalMs = Number(process.env.TILLPOINT_WORKER_INTERVAL_MS ?? 1000)): WorkerHandle {
  const holder = `worker_${process.pid}_${randomBytes(4).toString('hex')}`;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  let settledFor = '';
  // Yesterday's settlement, once a day per process (a repeat run is a no-op anyway).
  const settleYesterday = async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    if (yesterday === settledFor) return;
    await runSettlement(db, yesterday);
    settledFor = yesterday;
  };

  const pass = async () => {
    try {
      if (await acquireLease(db, LEASE, holder, intervalMs * 5)) {
        await settleInFlight(db);
        await transaction(db, (tx) => releaseAvailableFunds(tx, Date.now()));
        await settleYesterday();
        await progressPayouts(db);
        await evaluateAlerts(db);
        await purgeExpiredIdempotencyKeys(db);
      }
    } catch (error) {
      log.error({ err: error }, 'worker pass failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = pass().finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
