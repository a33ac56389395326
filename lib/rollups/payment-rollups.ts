import { and, eq, gte, inArray, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { placeholders, preparedQuery } from '@/db/sql';
import { paymentRollups, payments, type PaymentMethod, type PaymentStatus } from '@/db/schema';
import type { Payment } from '@/db/schema';

export const HOUR = 60 * 60 * 1000;

// Inlined (our own constant): a bound JS number arrives as REAL and would not truncate. Size 0
// means no buckets (and must not be grouped by: a bare 0 in GROUP BY names a column).
const bucketOf = (time: SQL | AnyColumn, size: number) =>
  size === 0 ? sql<number>`0` : sql<number>`(${time} / ${sql.raw(String(size))}) * ${sql.raw(String(size))}`;

type Cell = Pick<Payment, 'merchantId' | 'currency' | 'method' | 'status' | 'createdAt'>;
type Delta = { count: number; amount: number; volume: number; refunded: number };

const t = paymentRollups;
const upsertCell = preparedQuery('rollup_add_to_cell', (db) =>
  db
    .insert(paymentRollups)
    .values(placeholders(['merchantId', 'currency', 'method', 'status', 'hour', 'count', 'amount', 'volume', 'refunded']))
    .onConflictDoUpdate({
      target: [t.merchantId, t.currency, t.method, t.status, t.hour],
      set: {
        count: sql`${t.count} + excluded.count`,
        amount: sql`${t.amount} + excluded.amount`,
        volume: sql`${t.volume} + excluded.volume`,
        refunded: sql`${t.refunded} + excluded.refunded`,
      },
    }),
);

/** Adds `delta` to the payment's cell (created hour × merchant × currency × method × status). */
async function addToCell(tx: Db, cell: Cell, delta: Delta): Promise<void> {
  await upsertCell(tx, { merchantId: cell.merchantId, currency: cell.currency, method: cell.method, status: cell.status, hour: Math.floor(cell.createdAt / HOUR) * HOUR, ...delta });
}

const counted = (p: Payment, sign: 1 | -1): Delta => ({ count: sign, amount: sign * p.amount, volume: sign * p.amountCaptured, refunded: sign * p.amountRefunded });

/**
 * Keeps the rollups in step with a payment row, in the transaction that changed it: `before`
 * is the row as it was (null for a new payment), `after` as it is now.
 */
export async function rollUpPayment(tx: Db, before: Payment | null, after: Payment): Promise<void> {
  if (before) await addToCell(tx, before, counted(before, -1));
  await addToCell(tx, after, counted(after, 1));
}

/** A refund raised what `payment` (as it is now) has refunded by `amount`. */
export async function rollUpRefund(tx: Db, payment: Payment, amount: number): Promise<void> {
  await addToCell(tx, payment, { count: 0, amount: 0, volume: 0, refunded: amount });
}

/** Recomputes every rollup from the payments table (after a restore, or to check them). */
export async function rebuildRollups(db: Db): Promise<number> {
  return transaction(db, async (tx) => {
    await tx.delete(paymentRollups);
    const hour = bucketOf(payments.createdAt, HOUR);
    await tx.insert(paymentRollups).select(
      tx
        .select({
          merchantId: payments.merchantId,
          currency: payments.currency,
          method: payments.method,
          status: payments.status,
          hour: hour.as('hour'),
          count: sql<number>`count(*)`.as('count'),
          amount: sql<number>`sum(${payments.amount})`.as('amount'),
          volume: sql<number>`sum(${payments.amountCaptured})`.as('volume'),
          refunded: sql<number>`sum(${payments.amountRefunded})`.as('refunded'),
        })
        .from(payments)
        .groupBy(payments.merchantId, payments.currency, payments.method, payments.status, hour),
    );
    const [{ n }] = await tx.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(paymentRollups);
    return n;
  });
}

export type Totals = {
  currency: string;
  method: PaymentMethod;
  status: PaymentStatus;
  /** Start of the bucket (`bucketMs` given), else 0. */
  bucket: number;
  count: number;
  amount: number;
  volume: number;
  refunded: number;
};

export type TotalsQuery = {
  merchantId: string;
  from: number;
  to: number;
  currency?: string | null;
  statuses?: PaymentStatus[];
  /** Bucket width (a whole number of hours): totals per bucket of creation time. */
  bucketMs?: number;
};

/**
 * Payment totals for creation times in [from, to), by currency, method, status (and bucket):
 * the whole hours inside the window from the rollups, the partial hours at its edges from the
 * payments table, so the answer is exact for any window and costs a few hours of rows at most.
 */
export async function paymentTotals(db: Db, query: TotalsQuery): Promise<Totals[]> {
  const size = query.bucketMs ?? 0;
  if (size % HOUR !== 0) throw new RangeError(`bucketMs must be whole hours, got ${size}`);
  const firstHour = Math.ceil(query.from / HOUR) * HOUR;
  const endHour = Math.floor(query.to / HOUR) * HOUR;
  const parts: Promise<Totals[]>[] = [];
  if (firstHour < endHour) {
    parts.push(totalsFrom(db, rollupSource, query, firstHour, endHour, size));
    if (query.from < firstHour) parts.push(totalsFrom(db, paymentSource, query, query.from, firstHour, size));
    if (endHour < query.to) parts.push(totalsFrom(db, paymentSource, query, endHour, query.to, size));
  } else if (query.from < query.to) {
    parts.push(totalsFrom(db, paymentSource, query, query.from, query.to, size));
  }
  const merged = new Map<string, Totals>();
  for (const row of (await Promise.all(parts)).flat()) {
    const key = `${row.currency}|${row.method}|${row.status}|${row.bucket}`;
    const seen = merged.get(key);
    if (!seen) merged.set(key, row);
    else for (const field of ['count', 'amount', 'volume', 'refunded'] as const) seen[field] += row[field];
  }
  return [...merged.values()].filter((row) => row.count !== 0 || row.refunded !== 0);
}


type Source = {
  table: typeof paymentRollups | typeof payments;
  columns: { merchantId: AnyColumn; currency: AnyColumn; method: AnyColumn; status: AnyColumn; time: AnyColumn };
  sums: { count: SQL; amount: SQL; volume: SQL; refunded: SQL };
};

// The same totals from two places: whole hours from the rollups, partial ones from the payments.
const rollupSource: Source = {
  table: paymentRollups,
  columns: { ...pick(paymentRollups), time: paymentRollups.hour },
  sums: { count: sql`sum(${paymentRollups.count})`, amount: sql`sum(${paymentRollups.amount})`, volume: sql`sum(${paymentRollups.volume})`, refunded: sql`sum(${paymentRollups.refunded})` },
};
const paymentSource: Source = {
  table: payments,
  columns: { ...pick(payments), time: payments.createdAt },
  sums: { count: sql`count(*)`, amount: sql`sum(${payments.amount})`, volume: sql`sum(${payments.amountCaptured})`, refunded: sql`sum(${payments.amountRefunded})` },
};
function pick(t: typeof paymentRollups | typeof payments) {
  return { merchantId: t.merchantId, currency: t.currency, method: t.method, status: t.status };
}

async function totalsFrom(db: Db, source: Source, query: TotalsQuery, from: number, to: number, size: number): Promise<Totals[]> {
  const c = source.columns;
  const bucket = bucketOf(c.time, size).mapWith(Number);
  const rows = await db
    .select({
      currency: sql<string>`${c.currency}`,
      method: sql<PaymentMethod>`${c.method}`,
      status: sql<PaymentStatus>`${c.status}`,
      bucket,
      count: source.sums.count.mapWith(Number),
      amount: source.sums.amount.mapWith(Number),
      volume: source.sums.volume.mapWith(Number),
      refunded: source.sums.refunded.mapWith(Number),
    })
    .from(source.table)
    .where(
      and(
        eq(c.merchantId, query.merchantId),
        gte(c.time, from),
        lt(c.time, to),
        query.currency ? eq(c.currency, query.currency) : undefined,
        query.statuses ? inArray(c.status, query.statuses) : undefined,
      ),
    )
    .groupBy(...[c.currency, c.method, c.status].map((column) => sql`${column}`), ...(size === 0 ? [] : [bucket]));
  return rows as Totals[];
}

/** Every merchant's payments by method and status, all time (the Prometheus gauge). */
export async function paymentCountsByMethodAndStatus(db: Db) {
  const t = paymentRollups;
  const rows = await db
    .select({ method: t.method, status: t.status, n: sql<number>`sum(${t.count})`.mapWith(Number) })
    .from(t)
    .groupBy(t.method, t.status);
  return rows.filter((r) => r.n !== 0);
}
