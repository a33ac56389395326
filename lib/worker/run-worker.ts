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
import { acquireLease } from './lease';
import { log } from '@/lib/log';

const LEASE = 'worker';

export type WorkerHandle = { stop: () => Promise<void> };

/**
 * The background loop: every `intervalMs` the lease holder settles in-flight payments and
 * refunds, releases funds whose settlement delay has passed, settles yesterday, moves payouts
 * along, evaluates alert rules and forgets expired idempotency keys; a second loop delivers
 * webhooks. Errors are logged and the loops go on; `stop` waits for the current passes.
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

  // Webhook delivery runs beside the main pass, not under its lease: each delivery is claimed
  // on its own (see deliverDueWebhooks), so every process may deliver, and a slow receiver
  // never holds up settlement or alerts.
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
    },
  };
}
