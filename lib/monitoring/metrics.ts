import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { payments } from '@/db/schema';
import { divideHalfEven, formatAmount, normalizeCurrency } from '@/lib/money/money';
import { isoDateParam } from '@/lib/list';
import { currencyCode, decimalAmount, timestamp } from '@/lib/api-objects';

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

const succeeded = sql<number>`coalesce(sum(${payments.status} = 'success'), 0)`.mapWith(Number);
const failed = sql<number>`coalesce(sum(${payments.status} = 'failed'), 0)`.mapWith(Number);
const volume = sql<number>`coalesce(sum(CASE WHEN ${payments.status} = 'success' THEN ${payments.amountCaptured} ELSE 0 END), 0)`.mapWith(Number);

const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/** Totals per currency for a window, straight from the payments table. */
export const metricsSummaryObject = z
  .strictObject({
    object: z.literal('metrics_summary'),
    from: timestamp,
    to: timestamp,
    data: z.array(
      z.strictObject({
        currency: currencyCode,
        count: z.number().int(),
        succeeded: z.number().int(),
        failed: z.number().int(),
        pending: z.number().int(),
        success_rate: z.number(),
        volume: decimalAmount,
        average_amount: decimalAmount,
        refunded_volume: decimalAmount,
      }),
    ),
  })
  .meta({ id: 'MetricsSummary', description: 'Totals per currency over a window (default: the last 30 days).' });

const timeseriesBucket = z.strictObject({
  start: timestamp,
  count: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  failure_rate: z.number(),
  volume: decimalAmount,
  by_method: z.record(z.string(), z.number().int()),
});

export const metricsTimeseriesObject = z
  .strictObject({
    object: z.literal('metrics_timeseries'),
    interval: z.enum(['hour', 'day']),
    currency: currencyCode,
    metric: z.enum(['volume', 'count', 'failure_rate', 'by_method']).nullable(),
    data: z.array(z.union([timeseriesBucket, z.strictObject({ start: timestamp, value: z.union([decimalAmount, z.number(), timeseriesBucket.shape.by_method]) })])),
  })
  .meta({ id: 'MetricsTimeseries', description: 'Buckets of one currency; with `metric`, each bucket is `{start, value}`.' });

export async function metricsSummary(db: Db, merchantId: string, query: z.infer<typeof summaryQuery>, now = Date.now()): Promise<z.infer<typeof metricsSummaryObject>> {
  const w = windowOf(query, now);
  const rows = await db
    .select({
      currency: payments.currency,
      count: sql<number>`count(*)`.mapWith(Number),
      succeeded,
      failed,
      pending: sql<number>`coalesce(sum(${payments.status} IN ('pending', 'processing', 'requires_capture')), 0)`.mapWith(Number),
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
export async function metricsTimeseries(db: Db, merchantId: string, query: z.infer<typeof timeseriesQuery>, now = Date.now()): Promise<z.infer<typeof metricsTimeseriesObject>> {
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
