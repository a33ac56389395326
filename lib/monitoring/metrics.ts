import { z } from 'zod';
import type { Db } from '@/db/client';
import { HOUR, paymentTotals } from '@/lib/rollups/payment-rollups';
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

const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);
const PENDING: readonly string[] = ['pending', 'processing', 'requires_capture'];

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

/** Totals per currency for a window, from the hourly rollups (and the window's partial hours). */
export async function metricsSummary(db: Db, merchantId: string, query: z.infer<typeof summaryQuery>, now = Date.now()): Promise<z.infer<typeof metricsSummaryObject>> {
  const w = windowOf(query, now);
  const byCurrency = new Map<string, { count: number; succeeded: number; failed: number; pending: number; volume: number; refunded: number }>();
  for (const r of await paymentTotals(db, { merchantId, from: w.from, to: w.to, currency: w.currency })) {
    let c = byCurrency.get(r.currency);
    if (!c) byCurrency.set(r.currency, (c = { count: 0, succeeded: 0, failed: 0, pending: 0, volume: 0, refunded: 0 }));
    c.count += r.count;
    c.refunded += r.refunded;
    if (r.status === 'success') {
      c.succeeded += r.count;
      c.volume += r.volume;
    }
    if (r.status === 'failed') c.failed += r.count;
    if (PENDING.includes(r.status)) c.pending += r.count;
  }
  const rows = [...byCurrency].sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b));
  return {
    object: 'metrics_summary' as const,
    from: new Date(w.from).toISOString(),
    to: new Date(w.to).toISOString(),
    data: rows.map(([currency, r]) => ({
      currency,
      count: r.count,
      succeeded: r.succeeded,
      failed: r.failed,
      pending: r.pending,
      success_rate: rate(r.succeeded, r.succeeded + r.failed),
      volume: formatAmount(r.volume, currency),
      average_amount: formatAmount(r.succeeded === 0 ? 0 : divideHalfEven(r.volume, r.succeeded), currency),
      refunded_volume: formatAmount(r.refunded, currency),
    })),
  };
}

/** Buckets for charts: counts, outcomes, volume and failure rate per hour or day, and counts by method. */
export async function metricsTimeseries(db: Db, merchantId: string, query: z.infer<typeof timeseriesQuery>, now = Date.now()): Promise<z.infer<typeof metricsTimeseriesObject>> {
  const w = windowOf(query, now);
  const size = query.interval === 'hour' ? HOUR : DAY;
  const currency = w.currency ?? 'USD';
  const rows = await paymentTotals(db, { merchantId, from: w.from, to: w.to, currency, bucketMs: size });

  type Bucket = { count: number; succeeded: number; failed: number; volume: number; byMethod: Record<string, number> };
  const buckets = new Map<number, Bucket>();
  for (let t = Math.floor(w.from / size) * size; t < w.to; t += size) {
    buckets.set(t, { count: 0, succeeded: 0, failed: 0, volume: 0, byMethod: {} });
  }
  for (const r of rows) {
    const b = buckets.get(r.bucket);
    if (!b) continue;
    b.count += r.count;
    if (r.status === 'success') {
      b.succeeded += r.count;
      b.volume += r.volume;
    }
    if (r.status === 'failed') b.failed += r.count;
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
