import { and, count, eq, gte, min, sql } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { merchants, reviews, webhookAttempts } from '@/db/schema';
import { formatAmount, minorUnitExponent } from '@/lib/money/money';
import type { Payment } from '@/db/schema';
import { paymentTotals } from '@/lib/rollups/payment-rollups';
import { getAlertRule } from './alert-rules';
import { raiseAlert, resolveAlert } from './alerts';

const MINUTE = 60_000;

/** Failures over final attempts (succeeded + failed) in the rule's sliding window. */
async function evaluateFailureRate(tx: Db, merchantId: string, now: number): Promise<void> {
  const rule = await getAlertRule(tx, merchantId, 'high_failure_rate');
  const key = 'high_failure_rate';
  if (!rule.enabled) {
    await resolveAlert(tx, merchantId, key, now);
    return;
  }
  const totals = await paymentTotals(tx, { merchantId, from: now - rule.windowMinutes * MINUTE, to: now + 1, statuses: ['success', 'failed'] });
  const row = { attempts: 0, failed: 0 };
  for (const t of totals) {
    row.attempts += t.count;
    if (t.status === 'failed') row.failed += t.count;
  }
  const rate = row.attempts === 0 ? 0 : row.failed / row.attempts;
  if (row.attempts >= rule.minAttempts && rate > rule.threshold) {
    const percent = Math.round(rate * 1000) / 10;
    await raiseAlert(
      tx,
      {
        merchantId,
        type: 'high_failure_rate',
        conditionKey: key,
        message: `${percent}% of payments failed in the last ${rule.windowMinutes} minutes (${row.failed} of ${row.attempts}); threshold ${rule.threshold * 100}%`,
        data: { failed: row.failed, attempts: row.attempts, rate, window_minutes: rule.windowMinutes },
      },
      now,
    );
  } else {
    await resolveAlert(tx, merchantId, key, now);
  }
}

async function evaluateReviewBacklog(tx: Db, merchantId: string, now: number): Promise<void> {
  const rule = await getAlertRule(tx, merchantId, 'review_backlog');
  const key = 'review_backlog';
  const [row] = await tx
    .select({ open: count(), oldest: min(reviews.createdAt) })
    .from(reviews)
    .where(and(eq(reviews.merchantId, merchantId), eq(reviews.status, 'open')));
  const waitedMinutes = row.oldest === null ? 0 : Math.floor((now - row.oldest) / MINUTE);
  if (rule.enabled && (row.open >= rule.threshold || waitedMinutes > rule.windowMinutes)) {
    await raiseAlert(
      tx,
      {
        merchantId,
        type: 'review_backlog',
        conditionKey: key,
        message: `${row.open} payments wait for review; the oldest for ${waitedMinutes} minutes`,
        data: { open_reviews: row.open, oldest_wait_minutes: waitedMinutes },
      },
      now,
    );
  } else {
    await resolveAlert(tx, merchantId, key, now);
  }
}

/** Failed webhook attempts over all attempts in the window (every attempt counts, retries too). */
async function evaluateWebhookFailures(tx: Db, merchantId: string, now: number): Promise<void> {
  const rule = await getAlertRule(tx, merchantId, 'webhook_failures');
  const key = 'webhook_failures';
  if (!rule.enabled) {
    await resolveAlert(tx, merchantId, key, now);
    return;
  }
  const [row] = await tx
    .select({
      attempts: count(),
      failed: sql<number>`coalesce(sum(${webhookAttempts.succeeded} = 0), 0)`.mapWith(Number),
    })
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.merchantId, merchantId), gte(webhookAttempts.createdAt, now - rule.windowMinutes * MINUTE)));
  const rate = row.attempts === 0 ? 0 : row.failed / row.attempts;
  if (row.attempts >= rule.minAttempts && rate >= rule.threshold) {
    await raiseAlert(
      tx,
      {
        merchantId,
        type: 'webhook_failures',
        conditionKey: key,
        message: `${Math.round(rate * 1000) / 10}% of webhook delivery attempts failed in the last ${rule.windowMinutes} minutes (${row.failed} of ${row.attempts}); threshold ${rule.threshold * 100}%`,
        data: { failed: row.failed, attempts: row.attempts, rate, window_minutes: rule.windowMinutes },
      },
      now,
    );
  } else {
    await resolveAlert(tx, merchantId, key, now);
  }
}

/** The worker's alert pass: windowed rules for every merchant, each in its own transaction. */
export async function evaluateAlerts(db: Db, now = Date.now()): Promise<void> {
  const all = await db.select({ id: merchants.id }).from(merchants);
  for (const { id } of all) {
    await transaction(db, async (tx) => {
      await evaluateFailureRate(tx, id, now);
      await evaluateReviewBacklog(tx, id, now);
      await evaluateWebhookFailures(tx, id, now);
    });
  }
}

/**
 * Raised in the transaction that records the payment, so a large payment is never missed.
 * The threshold is in the payment's own currency.
 */
export async function checkLargeTransaction(tx: Db, payment: Payment, now: number): Promise<void> {
  const rule = await getAlertRule(tx, payment.merchantId, 'large_transaction');
  const threshold = Math.round(rule.threshold * 10 ** minorUnitExponent(payment.currency));
  if (!rule.enabled || payment.amount <= threshold) return;
  const amount = formatAmount(payment.amount, payment.currency);
  await raiseAlert(
    tx,
    {
      merchantId: payment.merchantId,
      type: 'large_transaction',
      conditionKey: `large_transaction:${payment.id}`,
      message: `Payment ${payment.id} of ${amount} ${payment.currency} is above ${rule.threshold} ${payment.currency}`,
      data: { payment: payment.id, amount, currency: payment.currency },
    },
    now,
  );
}

