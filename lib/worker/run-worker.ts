import { randomBytes } from 'node:crypto';
import { transaction } from '@/db/client';
import type { Db } from '@/db/client';
import { purgeExpiredIdempotencyKeys } from '@/lib/idempotency/keys';
import { evaluateAlerts } from '@/lib/monitoring/evaluate-alerts';
import { settleInFlight } from '@/lib/payments/settle-in-flight';
import { releaseAvailableFunds } from '@/lib/settlement/balance-transactions';
import { progressPayouts, runSettlement } from '@/lib/settlement/payouts';
import { renderStripeEvent } from '@/lib/stripe-compat/stripe-events';
import { deliverDueWebhooks } from '@/lib/webhooks/deliver-webhooks';
import { acquireLease, releaseLeases } from './lease';
import { log } from '@/lib/log';

export type WorkerHandle = { stop: () => Promise<void> };

/** The job kinds, each under the lease of its name (worker_leases). */
export const workerJobs = ['payment-outcomes', 'settlement', 'alerts', 'idempotency-keys'] as const;
export type WorkerJob = (typeof workerJobs)[number];

/**
 * The background loop: every `intervalMs` each job kind runs under a lease of its own, so across
 * any number of processes on one database each kind runs in one of them at a time (and the
 * kinds may spread over several). A holder renews its leases every pass; a process that dies
 * keeps them until they expire (5 intervals), one that stops gives them up at once. A second
 * loop delivers webhooks. Errors are logged and the loops go on; `stop` waits for the current
 * passes, then releases the leases.
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

  const jobs: Record<WorkerJob, () => Promise<unknown>> = {
    // Async payment and refund outcomes the processor reports later.
    'payment-outcomes': () => settleInFlight(db),
    settlement: async () => {
      await transaction(db, (tx) => releaseAvailableFunds(tx, Date.now()));
      await settleYesterday();
      await progressPayouts(db);
    },
    alerts: () => evaluateAlerts(db),
    'idempotency-keys': () => purgeExpiredIdempotencyKeys(db),
  };

  const pass = async () => {
    for (const [job, run] of Object.entries(jobs)) {
      if (stopped) return;
      try {
        if (await acquireLease(db, job, holder, intervalMs * 5)) await run();
      } catch (error) {
        log.error({ err: error, job }, 'worker job failed');
      }
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

  // Webhook delivery runs beside the main pass, under no lease: each delivery is claimed on its
  // own (claimDueDeliveries: FOR UPDATE SKIP LOCKED on PostgreSQL, a claim with expiry), so
  // every process delivers, none sends an attempt twice, and a slow receiver never holds up
  // settlement or alerts.
  let deliveryTimer: NodeJS.Timeout | undefined;
  let delivering: Promise<void> = Promise.resolve();
  const deliveryPass = async () => {
    try {
      // Keep going while there is work: a backlog drains without waiting for the timer.
      while (!stopped && (await deliverDueWebhooks(db, holder, Date.now, renderStripeEvent)).sent > 0);
    } catch (error) {
      log.error({ err: error }, 'webhook delivery pass failed');
    }
  };
  const scheduleDelivery = () => {
    if (stopped) return;
    deliveryTimer = setTimeout(() => {
      delivering = deliveryPass().finally(scheduleDelivery);
    }, intervalMs);
    deliveryTimer.unref();
  };
  scheduleDelivery();

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(deliveryTimer);
      await Promise.all([current, delivering]);
      try {
        await releaseLeases(db, holder);
      } catch (error) {
        // The database is gone: the leases expire instead.
        log.error({ err: error }, 'releasing the worker leases failed');
      }
    },
  };
}
