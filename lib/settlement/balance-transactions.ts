import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { placeholders, preparedQuery } from '@/db/sql';
import { balanceTransactions, balanceTransactionTypes, payments, type PaymentMethod } from '@/db/schema';
import { newId } from '@/lib/ids';
import { postEntries } from '@/lib/ledger/post-entries';
import { formatAmount } from '@/lib/money/money';
import type { Payment, Refund } from '@/db/schema';
import { computeFee, feeShareOfRefund, getFeeSchedule, refundFeePolicy } from './fees';
import { afterCursor, isoDateParam, pageOf } from '@/lib/list';
import { currencyCode, decimalAmount, livemode, timestamp } from '@/lib/api-objects';

export type BalanceTransaction = typeof balanceTransactions.$inferSelect;

const DAY = 24 * 60 * 60 * 1000;

/** Days after capture until funds are available (T+n, counted from the UTC day of capture). */
export const settlementDelayDays: Record<PaymentMethod, number> = {
  credit_card: 2,
  debit_card: 2,
  digital_wallet: 2,
  bank_transfer: 1,
  crypto: 1,
};

export function availableOn(method: PaymentMethod, capturedAt: number): number {
  return Math.floor(capturedAt / DAY) * DAY + settlementDelayDays[method] * DAY;
}

const balanceTransactionColumns = ['id', 'merchantId', 'type', 'sourceId', 'amount', 'fee', 'net', 'currency', 'status', 'availableOn', 'description', 'createdAt'] as const;
const insertChargeTransaction = preparedQuery('insert_balance_transaction', (db) =>
  db.insert(balanceTransactions).values(placeholders(balanceTransactionColumns)),
);

/**
 * A capture's money movements, in the capture's transaction: the gross into the merchant's
 * pending balance, the fee out of it, and the charge's balance transaction.
 */
export async function recordCharge(tx: Db, payment: Payment, captured: number, now: number): Promise<{ fee: number }> {
  const fee = computeFee(captured, payment.currency, await getFeeSchedule(tx, payment.merchantId, payment.method));
  const base = { merchantId: payment.merchantId, sourceId: payment.id, currency: payment.currency };
  await postEntries(tx, { ...base, type: 'capture', description: `Capture of ${payment.id}`, entries: [
    { account: 'processor_receivable', amount: captured },
    { account: 'merchant_pending', amount: -captured },
  ] }, now);
  if (fee > 0) {
    await postEntries(tx, { ...base, type: 'fee', description: `Fee on ${payment.id}`, entries: [
      { account: 'merchant_pending', amount: fee },
      { account: 'fee_revenue', amount: -fee },
    ] }, now);
  }
  await insertChargeTransaction(tx, {
    id: newId('txn', now),
    merchantId: payment.merchantId,
    type: 'charge',
    sourceId: payment.id,
    amount: captured,
    fee,
    net: captured - fee,
    currency: payment.currency,
    status: 'pending',
    availableOn: availableOn(payment.method, now),
    description: payment.description ?? `Payment ${payment.id}`,
    createdAt: now,
  });
  return { fee };
}

/**
 * A refund's money movements: out of the available balance at once (which may go negative and
 * is then carried forward), with the fee share returned when the merchant's policy says so.
 * Returns that share; the payment's own totals are the payment module's to update.
 */
export async function recordRefund(tx: Db, refund: Refund, now: number): Promise<{ feeReturned: number }> {
  const [payment] = await tx.select().from(payments).where(eq(payments.id, refund.paymentId));
  const policy = await refundFeePolicy(tx, refund.merchantId);
  const feeReturned = policy === 'proportional' ? feeShareOfRefund(payment, refund.amount) : 0;
  const base = { merchantId: refund.merchantId, sourceId: refund.id, currency: refund.currency };
  await postEntries(tx, { ...base, type: 'refund', description: `Refund ${refund.id} of ${refund.paymentId}`, entries: [
    { account: 'merchant_available', amount: refund.amount },
    { account: 'processor_receivable', amount: -refund.amount },
  ] }, now);
  if (feeReturned > 0) {
    await postEntries(tx, { ...base, type: 'fee_refund', description: `Fee returned with ${refund.id}`, entries: [
      { account: 'fee_revenue', amount: feeReturned },
      { account: 'merchant_available', amount: -feeReturned },
    ] }, now);
  }
  await tx.insert(balanceTransactions).values({
    id: newId('txn', now),
    merchantId: refund.merchantId,
    type: 'refund',
    sourceId: refund.id,
    amount: -refund.amount,
    fee: -feeReturned,
    net: -refund.amount + feeReturned,
    currency: refund.currency,
    status: 'available',
    availableOn: now,
    description: `Refund of ${refund.paymentId}`,
    createdAt: now,
  });
  return { feeReturned };
}

/**
 * Moves charges whose settlement delay has passed from pending to available (worker). Each
 * is its own ledger transaction, keyed by the balance transaction, so it happens once.
 */
export async function releaseAvailableFunds(tx: Db, now: number, limit = 500): Promise<number> {
  const due = await tx
    .select()
    .from(balanceTransactions)
    .where(and(eq(balanceTransactions.status, 'pending'), lte(balanceTransactions.availableOn, now)))
    .limit(limit);
  for (const txn of due) {
    await postEntries(tx, {
      merchantId: txn.merchantId,
      type: 'availability',
      sourceId: txn.id,
      description: `${txn.sourceId} available`,
      currency: txn.currency,
      entries: [
        { account: 'merchant_pending', amount: txn.net },
        { account: 'merchant_available', amount: -txn.net },
      ],
    }, now);
    await tx.update(balanceTransactions).set({ status: 'available' }).where(eq(balanceTransactions.id, txn.id));
  }
  return due.length;
}


export const listBalanceTransactionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().optional(),
  payout: z.string().optional(),
  type: z.enum(balanceTransactionTypes).optional(),
  currency: z.string().optional(),
  'created[gte]': isoDateParam.optional(),
  'created[lte]': isoDateParam.optional(),
});

export async function listBalanceTransactions(db: Db, merchantId: string, query: z.infer<typeof listBalanceTransactionsQuery>) {
  const conditions: (SQL | undefined)[] = [eq(balanceTransactions.merchantId, merchantId)];
  conditions.push(await afterCursor(db, balanceTransactions, merchantId, query.starting_after));
  if (query.payout) conditions.push(eq(balanceTransactions.payoutId, query.payout));
  if (query.type) conditions.push(eq(balanceTransactions.type, query.type));
  if (query.currency) conditions.push(eq(balanceTransactions.currency, query.currency.toUpperCase()));
  if (query['created[gte]']) conditions.push(gte(balanceTransactions.createdAt, Date.parse(query['created[gte]'])));
  if (query['created[lte]']) conditions.push(lte(balanceTransactions.createdAt, Date.parse(query['created[lte]'])));
  const rows = await db
    .select()
    .from(balanceTransactions)
    .where(and(...conditions))
    .orderBy(desc(balanceTransactions.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}

export const balanceTransactionObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('balance_transaction'),
    type: z.enum(balanceTransactionTypes),
    source: z.string(),
    amount: decimalAmount,
    fee: decimalAmount,
    net: decimalAmount,
    currency: currencyCode,
    status: z.enum(['pending', 'available']),
    available_on: timestamp,
    payout: z.string().nullable(),
    description: z.string(),
    created: timestamp,
    livemode,
  })
  .meta({
    id: 'BalanceTransaction',
    description: 'A movement of the merchant balance: a charge, refund, payout or adjustment, with its fee.',
    examples: [
      {
        id: 'txn_01JDX3R2A4B6C8D1',
        object: 'balance_transaction',
        type: 'charge',
        source: 'pay_01JDX3R2A4B6C8D0',
        amount: '25.00',
        fee: '1.03',
        net: '23.97',
        currency: 'USD',
        status: 'pending',
        available_on: '2026-12-02T00:00:00.000Z',
        payout: null,
        description: 'Payment pay_01JDX3R2A4B6C8D0',
        created: '2026-11-30T12:00:00.000Z',
        livemode: false,
      },
    ],
  });

export function serializeBalanceTransaction(txn: BalanceTransaction): z.infer<typeof balanceTransactionObject> {
  const money = (minor: number) => formatAmount(minor, txn.currency);
  return {
    id: txn.id,
    object: 'balance_transaction' as const,
    type: txn.type,
    source: txn.sourceId,
    amount: money(txn.amount),
    fee: money(txn.fee),
    net: money(txn.net),
    currency: txn.currency,
    status: txn.status,
    available_on: new Date(txn.availableOn).toISOString(),
    payout: txn.payoutId,
    description: txn.description,
    created: new Date(txn.createdAt).toISOString(),
    livemode: false,
  };
}
