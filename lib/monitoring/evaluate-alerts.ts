import { and, count, eq, gte, min, sql } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { countWhere } from '@/db/sql';
import { merchants, reviews, webhookAttempts } from '@/db/schema';
import type { Payment } from '@/db/schema';
import { serializeReferenceAmount, toReferenceAmount, type ReferenceAmount } from '@/lib/fx/to-reference';
import { formatAmount, formatDisplay, formatWholeUnits, minorUnitExponent } from '@/lib/money/money';
import { getReferenceCurrency } from '@/lib/risk/settings';
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
      failed: countWhere(eq(webhookAttempts.succeeded, false)),
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
 * The threshold is in the merchant's reference currency; a payment in another currency is
 * placed against it by the indicative rate, which the alert records. `referenceCurrency`: the
 * merchant's, when the caller has read its risk settings already.
 */
export async function checkLargeTransaction(tx: Db, payment: Payment, now: number, referenceCurrency?: string): Promise<void> {
  const rule = await getAlertRule(tx, payment.merchantId, 'large_transaction');
  if (!rule.enabled) return;
  referenceCurrency ??= await getReferenceCurrency(tx, payment.merchantId);
  const threshold = Math.round(rule.threshold * 10 ** minorUnitExponent(referenceCurrency));
  const reference = await toReferenceAmount(tx, { merchantId: payment.merchantId, amount: payment.amount, currency: payment.currency, reference: referenceCurrency });
  if (reference.amount <= threshold) return;
  await raiseAlert(
    tx,
    {
      merchantId: payment.merchantId,
      type: 'large_transaction',
      conditionKey: `large_transaction:${payment.id}`,
      message: largeTransactionSentence(payment, reference, threshold),
      data: {
        payment: payment.id,
        amount: formatAmount(payment.amount, payment.currency),
        currency: payment.currency,
        threshold: formatAmount(threshold, referenceCurrency),
        threshold_currency: referenceCurrency,
        fx: serializeReferenceAmount(reference),
      },
    },
    now,
  );
}

/** "Payment of ¥2,004,200 (~$13,428) is above the large-transaction threshold of $10,000". */
function largeTransactionSentence(payment: Payment, reference: ReferenceAmount, threshold: number): string {
  const paid = formatDisplay(payment.amount, payment.currency);
  const approximately =
    reference.from === reference.currency ? '' : reference.rate === null ? ` (no ${reference.from} rate: compared as it is)` : ` (~${formatWholeUnits(reference.amount, reference.currency)})`;
  const limit = threshold % 10 ** minorUnitExponent(reference.currency) === 0 ? formatWholeUnits(threshold, reference.currency) : formatDisplay(threshold, reference.currency);
  return `Payment of ${paid}${approximately} is above the large-transaction threshold of ${limit}`;
}
