import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { recordIdempotentResource } from '@/lib/idempotency/keys';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { balanceTransactions, ledgerAccounts, merchants, payouts, payoutStatuses, settlementBatches, type PayoutStatus } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { postEntries } from '@/lib/ledger/post-entries';
import { formatAmount, normalizeCurrency, parseAmount } from '@/lib/money/money';
import { emitEvent } from '@/lib/events/events';
import { afterCursor, pageOf } from '@/lib/list';
import { currencyCode, decimalAmount, livemode, timestamp } from '@/lib/api-objects';

export type Payout = typeof payouts.$inferSelect;

const DAY = 24 * 60 * 60 * 1000;
// The simulated bank: a payout arrives the day after it leaves.
const ARRIVAL_DELAY_MS = DAY;

/** What the merchant can be paid now: the credit balance of its available account. */
async function availableBalance(tx: Db, merchantId: string, currency: string): Promise<number> {
  const [account] = await tx
    .select({ balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.merchantId, merchantId), eq(ledgerAccounts.currency, currency), eq(ledgerAccounts.type, 'merchant_available')));
  return account ? -account.balance : 0;
}

/** Creates a payout and moves its amount from available to in transit, with its balance transaction. */
async function openPayout(
  tx: Db,
  args: { merchantId: string; currency: string; amount: number; method: 'automatic' | 'manual'; settlementDate: string | null; description: string | null; actor: string },
  now: number,
): Promise<Payout> {
  const id = newId('po', now);
  const [payout] = await tx
    .insert(payouts)
    .values({
      id,
      merchantId: args.merchantId,
      amount: args.amount,
      currency: args.currency,
      status: 'pending',
      method: args.method,
      settlementDate: args.settlementDate,
      arrivalDate: now + ARRIVAL_DELAY_MS,
      description: args.description,
      createdBy: args.actor,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await postEntries(tx, {
    merchantId: args.merchantId,
    type: 'payout',
    sourceId: id,
    description: `Payout ${id}`,
    currency: args.currency,
    entries: [
      { account: 'merchant_available', amount: args.amount },
      { account: 'payouts_in_transit', amount: -args.amount },
    ],
  }, now);
  await tx.insert(balanceTransactions).values({
    id: newId('txn', now),
    merchantId: args.merchantId,
    type: 'payout',
    sourceId: id,
    amount: -args.amount,
    fee: 0,
    net: -args.amount,
    currency: args.currency,
    status: 'available',
    availableOn: now,
    // An automatic payout lists itself; a manual one is swept into the next automatic payout.
    payoutId: args.method === 'automatic' ? id : null,
    description: args.description ?? `Payout ${id}`,
    createdAt: now,
  });
  await emitEvent(tx, args.merchantId, 'payout.created', serializePayout(payout), now);
  return payout;
}

export const createPayoutBody = z
  .strictObject({
    amount: z.string(),
    currency: z.string(),
    description: z.string().max(200).optional(),
  })
  .meta({ examples: [{ amount: '500.00', currency: 'usd', description: 'Weekly transfer' }] });

/**
 * A manual payout of up to the available balance. The check and the debit are one
 * transaction, so two concurrent requests can never pay out more than is there.
 */
export type ManualPayoutCommand = { merchantId: string; actor: string; body: z.infer<typeof createPayoutBody>; now?: number };

export async function createManualPayout(db: Db, { merchantId, actor, body, now = Date.now() }: ManualPayoutCommand) {
  const currency = normalizeCurrency(body.currency);
  const amount = parseAmount(body.amount, currency);
  return transaction(db, async (tx) => {
    const available = await availableBalance(tx, merchantId, currency);
    if (amount > available) {
      throw new DomainError(
        'payout_exceeds_available',
        `Only ${formatAmount(Math.max(available, 0), currency)} ${currency} is available for payout.`,
        { param: 'amount' },
      );
    }
    const payout = await openPayout(tx, { merchantId, currency, amount, method: 'manual', settlementDate: null, description: body.description ?? null, actor }, now);
    await recordIdempotentResource(tx, { type: 'payout', id: payout.id });
    return payout;
  });
}

export function dayBounds(date: string): { start: number; end: number } {
  const start = Date.parse(`${date}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(start)) throw new DomainError('parameter_invalid', `Not a date: ${date}`, { param: 'date' });
  return { start, end: start + DAY };
}

export type SettlementResult = { merchantId: string; currency: string; date: string; transactions: number; total: number; payoutId: string | null; created: boolean };

/**
 * The daily settlement of one merchant and currency: balance transactions available by the end
 * of `date` and not yet paid out form a batch; a positive total becomes an automatic payout, a
 * zero or negative one is carried forward. The batch row makes a second run change nothing.
 */
async function settleOne(tx: Db, merchantId: string, currency: string, date: string, now: number): Promise<SettlementResult> {
  const [batch] = await tx
    .select()
    .from(settlementBatches)
    .where(and(eq(settlementBatches.merchantId, merchantId), eq(settlementBatches.currency, currency), eq(settlementBatches.date, date)));
  if (batch) return { merchantId, currency, date, transactions: batch.transactionCount, total: batch.total, payoutId: batch.payoutId, created: false };

  const { end } = dayBounds(date);
  const unpaid = and(
    eq(balanceTransactions.merchantId, merchantId),
    eq(balanceTransactions.currency, currency),
    eq(balanceTransactions.status, 'available'),
    isNull(balanceTransactions.payoutId),
    lt(balanceTransactions.availableOn, end),
  );
  const [{ n, total }] = await tx
    .select({ n: sql<number>`count(*)`.mapWith(Number), total: sql<number>`coalesce(sum(${balanceTransactions.net}), 0)`.mapWith(Number) })
    .from(balanceTransactions)
    .where(unpaid);
  // Never pay out more than the ledger says is available, whatever the batch adds up to.
  const amount = Math.min(total, await availableBalance(tx, merchantId, currency));
  let payoutId: string | null = null;
  if (n > 0 && amount > 0) {
    const ids = (await tx.select({ id: balanceTransactions.id }).from(balanceTransactions).where(unpaid)).map((r) => r.id);
    const payout = await openPayout(tx, { merchantId, currency, amount, method: 'automatic', settlementDate: date, description: `Settlement ${date}`, actor: 'settlement' }, now);
    payoutId = payout.id;
    await tx.update(balanceTransactions).set({ payoutId }).where(inArray(balanceTransactions.id, ids));
  }
  await tx.insert(settlementBatches).values({ id: newId('batch', now), merchantId, currency, date, transactionCount: n, total, payoutId, createdAt: now });
  return { merchantId, currency, date, transactions: n, total, payoutId, created: true };
}

/** Settlement for a day, for every merchant and currency (or one merchant). Idempotent. */
export async function runSettlement(db: Db, date: string, options: { merchantId?: string; now?: number } = {}): Promise<SettlementResult[]> {
  const now = options.now ?? Date.now();
  dayBounds(date);
  const targets = await db
    .selectDistinct({ merchantId: ledgerAccounts.merchantId, currency: ledgerAccounts.currency })
    .from(ledgerAccounts)
    .innerJoin(merchants, eq(merchants.id, ledgerAccounts.merchantId))
    .where(and(eq(ledgerAccounts.type, 'merchant_available'), options.merchantId ? eq(ledgerAccounts.merchantId, options.merchantId) : undefined));
  const results: SettlementResult[] = [];
  for (const t of targets) results.push(await transaction(db, (tx) => settleOne(tx, t.merchantId, t.currency, date, now)));
  return results;
}

/** Moves a payout along: pending → in_transit → paid, or → failed (funds back to available). */
export async function advancePayout(tx: Db, payout: Payout, to: Exclude<PayoutStatus, 'pending'>, now: number, failureCode?: string): Promise<Payout> {
  const legal: Record<PayoutStatus, PayoutStatus[]> = { pending: ['in_transit', 'failed'], in_transit: ['paid', 'failed'], paid: [], failed: [] };
  if (!legal[payout.status].includes(to)) {
    throw new DomainError('payout_state_invalid', `This payout is ${payout.status}; it cannot become ${to}.`);
  }
  const base = { merchantId: payout.merchantId, sourceId: payout.id, currency: payout.currency };
  if (to === 'paid') {
    await postEntries(tx, { ...base, type: 'payout_paid', description: `Payout ${payout.id} arrived`, entries: [
      { account: 'payouts_in_transit', amount: payout.amount },
      { account: 'processor_receivable', amount: -payout.amount },
    ] }, now);
  }
  if (to === 'failed') {
    await postEntries(tx, { ...base, type: 'payout_failed', description: `Payout ${payout.id} failed`, entries: [
      { account: 'payouts_in_transit', amount: payout.amount },
      { account: 'merchant_available', amount: -payout.amount },
    ] }, now);
    await tx.insert(balanceTransactions).values({
      id: newId('txn', now),
      merchantId: payout.merchantId,
      type: 'adjustment',
      sourceId: payout.id,
      amount: payout.amount,
      fee: 0,
      net: payout.amount,
      currency: payout.currency,
      status: 'available',
      availableOn: now,
      description: `Payout ${payout.id} failed: funds returned to the available balance`,
      createdAt: now,
    });
  }
  const [updated] = await tx
    .update(payouts)
    .set({ status: to, failureCode: to === 'failed' ? (failureCode ?? 'payout_failed') : null, updatedAt: now })
    .where(eq(payouts.id, payout.id))
    .returning();
  if (to === 'paid' || to === 'failed') await emitEvent(tx, payout.merchantId, to === 'paid' ? 'payout.paid' : 'payout.failed', serializePayout(updated), now);
  return updated;
}

/** Worker: pending payouts leave at once; in-transit ones arrive on their arrival date. */
export async function progressPayouts(db: Db, now = Date.now()): Promise<number> {
  const due = await db
    .select()
    .from(payouts)
    .where(inArray(payouts.status, ['pending', 'in_transit']))
    .limit(200);
  let moved = 0;
  for (const payout of due) {
    if (payout.status === 'in_transit' && payout.arrivalDate > now) continue;
    await transaction(db, async (tx) => {
      const [current] = await tx.select().from(payouts).where(eq(payouts.id, payout.id));
      if (current.status !== payout.status) return;
      await advancePayout(tx, current, current.status === 'pending' ? 'in_transit' : 'paid', now);
      moved++;
    });
  }
  return moved;
}

/** Test mode: make a payout arrive now, or fail it. */
/** Test mode: how a payout ends (`POST /test_helpers/payouts/{id}/{outcome}`). */
export const payoutOutcomeParams = z.object({ outcome: z.enum(['paid', 'failed']) });

export async function finishPayout(db: Db, merchantId: string, id: string, outcome: 'paid' | 'failed', now = Date.now()): Promise<Payout> {
  return transaction(db, async (tx) => {
    let payout = await getPayoutOrThrow(tx, merchantId, id);
    if (payout.status === 'pending' && outcome === 'paid') payout = await advancePayout(tx, payout, 'in_transit', now);
    return advancePayout(tx, payout, outcome, now, outcome === 'failed' ? 'account_closed' : undefined);
  });
}

export async function getPayoutOrThrow(db: Db, merchantId: string, id: string): Promise<Payout> {
  const [payout] = await db.select().from(payouts).where(and(eq(payouts.id, id), eq(payouts.merchantId, merchantId)));
  if (!payout) throw notFound('payout', id);
  return payout;
}

export const listPayoutsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().optional(),
  status: z.enum(['pending', 'in_transit', 'paid', 'failed']).optional(),
});

export async function listPayouts(db: Db, merchantId: string, query: z.infer<typeof listPayoutsQuery>) {
  const rows = await db
    .select()
    .from(payouts)
    .where(
      and(
        eq(payouts.merchantId, merchantId),
        await afterCursor(db, payouts, merchantId, query.starting_after),
        query.status ? eq(payouts.status, query.status) : undefined,
      ),
    )
    .orderBy(desc(payouts.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}

export const payoutObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('payout'),
    amount: decimalAmount,
    currency: currencyCode,
    status: z.enum(payoutStatuses),
    method: z.enum(['automatic', 'manual']),
    settlement_date: z.string().nullable(),
    arrival_date: timestamp,
    failure_code: z.string().nullable(),
    description: z.string().nullable(),
    created: timestamp,
    livemode,
  })
  .meta({
    id: 'Payout',
    description: 'Money sent from the available balance to the bank account.',
    examples: [
      {
        id: 'po_01JDX5B0C1D2E3F4',
        object: 'payout',
        amount: '1250.00',
        currency: 'USD',
        status: 'in_transit',
        method: 'automatic',
        settlement_date: '2026-11-29',
        arrival_date: '2026-12-02T00:00:00.000Z',
        failure_code: null,
        description: null,
        created: '2026-11-30T00:00:00.000Z',
        livemode: false,
      },
    ],
  });

export function serializePayout(payout: Payout): z.infer<typeof payoutObject> {
  return {
    id: payout.id,
    object: 'payout' as const,
    amount: formatAmount(payout.amount, payout.currency),
    currency: payout.currency,
    status: payout.status,
    method: payout.method,
    settlement_date: payout.settlementDate,
    arrival_date: new Date(payout.arrivalDate).toISOString(),
    failure_code: payout.failureCode,
    description: payout.description,
    created: new Date(payout.createdAt).toISOString(),
    livemode: false,
  };
}

