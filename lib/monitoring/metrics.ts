import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { countWhere } from '@/db/sql';
import { payments } from '@/db/schema';
import { divideHalfEven, formatAmount, normalizeCurrency } from '@/lib/money/money';
import { isoDateParam } from '@/lib/list';

const DAY = 24 * 60 * 60 * 1000;

export const summaryQuery = z.strictObject({
  from: isoDateParam.optional(),
  to: isoDateParam.optional(),
  currency: z.string().optional(),
});

export const timeseriesQuery = summaryQuery.extend({
  interval: z.enum(['hour', 'day']).default('day'),
  /** One series only (each bucket then also carries it as `value`); all of them by default. */
  metric: z.enum(['volume', 'count', 'failure_rate', 'by_method']).optional(),
});

type Window = { from: number; to: number; currency: string | null };

/** Default window: the last 30 days, up to now. */
function windowOf(query: z.infer<typeof summaryQuery>, now: number): Window {
  const to = query.to ? Date.parse(query.to) : now;
  const from = query.from ? Date.parse(query.from) : to - 30 * DAY;
  return { from, to, currency: query.currency ? normalizeCurrency(query.currency) : null };
}

function where(merchantId: string, w: Window): SQL | undefined {
  return and(
    eq(payments.merchantId, merchantId),
    gte(payments.createdAt, w.from),
    lt(payments.createdAt, w.to),
    w.currency ? eq(payments.currency, w.currency) : undefined,
  );
}

const succeeded = countWhere(sql`${payments.status} = 'success'`);
const failed = countWhere(sql`${payments.status} = 'failed'`);
const volume = sql<number>`coalesce(sum(CASE WHEN ${payments.status} = 'success' THEN ${payments.amountCaptured} ELSE 0 END), 0)`.mapWith(Number);

const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** Totals per currency for a window, straight from the payments table. */
export async function metricsSummary(db: Db, merchantId: string, query: z.infer<typeof summaryQuery>, now = Date.now()) {
  const w = windowOf(query, now);
  const rows = await db
    .select({
      currency: payments.currency,
      count: sql<number>`count(*)`.mapWith(Number),
      succeeded,
      failed,
      pending: countWhere(sql`${payments.status} IN ('pending', 'processing', 'requires_capture')`),
      volume,
      refunded: sql<number>`coalesce(sum(${payments.amountRefunded}), 0)`.mapWith(Number),
    })
    .from(payments)
    .where(where(merchantId, w))
    .groupBy(payments.currency)
    .orderBy(sql`count(*) DESC`);
  return {
    object: 'metrics_summary' as const,
    from: new Date(w.from).toISOString(),
    to: new Date(w.to).toISOString(),
    data: rows.map((r) => ({
      currency: r.currency,
      count: r.count,
      succeeded: r.succeeded,
      failed: r.failed,
      pending: r.pending,
      success_rate: rate(r.succeeded, r.succeeded + r.failed),
      volume: formatAmount(r.volume, r.currency),
      average_amount: formatAmount(r.succeeded === 0 ? 0 : divideHalfEven(r.volume, r.succeeded), r.currency),
      refunded_volume: formatAmount(r.refunded, r.currency),
    })),
  };
}

/** Buckets for charts: counts, outcomes, volume and failure rate per hour or day, and counts by method. */
export async function metricsTimeseries(db: Db, merchantId: string, query: z.infer<typeof timeseriesQuery>, now = Date.now()) {
  const w = windowOf(query, now);
  const size = query.interval === 'hour' ? DAY / 24 : DAY;
  // Inlined (our own constant): a bound JS number arrives as REAL and would not truncate.
  const bucket = sql<number>`(${payments.createdAt} / ${sql.raw(String(size))}) * ${sql.raw(String(size))}`.mapWith(Number);
  const currency = w.currency ?? 'USD';
  const rows = await db
    .select({ bucket, method: payments.method, count: sql<number>`count(*)`.mapWith(Number), succeeded, failed, volume })
    .from(payments)
    .where(where(merchantId, { ...w, currency }))
    .groupBy(bucket, payments.method);

  type Bucket = { count: number; succeeded: number; failed: number; volume: number; byMethod: Record<string, number> };
  const buckets = new Map<number, Bucket>();
  for (let t = Math.floor(w.from / size) * size; t < w.to; t += size) {
    buckets.set(t, { count: 0, succeeded: 0, failed: 0, volume: 0, byMethod: {} });
  }
  for (const r of rows) {
    const b = buckets.get(r.bucket);
    if (!b) continue;
    b.count += r.count;
    b.succeeded += r.succeeded;
    b.failed += r.failed;
    b.volume += r.volume;
    b.byMethod[r.method] = (b.byMethod[r.method] ?? 0) + r.count;
  }
  return {
    object: 'metrics_timeseries' as const,
    interval: query.interval,
    currency,
    metric: query.metric ?? null,
    data: [...buckets].map(([start, b]) => {
      const bucketOut = {
        start: new Date(start).toISOString(),
        count: b.count,
        succeeded: b.succeeded,
        failed: b.failed,
        failure_rate: rate(b.failed, b.succeeded + b.failed),
        volume: formatAmount(b.volume, currency),
        by_method: b.byMethod,
      };
      return query.metric ? { start: bucketOut.start, value: bucketOut[query.metric] } : bucketOut;
    }),
  };
}
