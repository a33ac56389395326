'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { call, type ResponseOf } from '@/components/api';

// Types come from the API's own schemas (the typed client), so the dashboard cannot drift from it.
export type MetricsSummary = ResponseOf<'GET /metrics/summary'>;
/** Totals for one currency over a window; amounts are decimal strings in major units, `success_rate` 0..1 of decided payments. */
export type MetricsSummaryRow = MetricsSummary['data'][number];

type Timeseries = ResponseOf<'GET /metrics/timeseries'>;
/** A bucket with every series (the dashboard never asks for one `metric` alone). */
export type MetricsBucket = Extract<Timeseries['data'][number], { by_method: unknown }>;
export type MetricsTimeseries = Omit<Timeseries, 'data'> & { data: MetricsBucket[] };

export type MetricsWindow = { from: string; to?: string; currency?: string };

export const metricsKeys = {
  all: ['metrics'] as const,
  summary: (w: MetricsWindow) => ['metrics', 'summary', w] as const,
  timeseries: (w: MetricsWindow & { interval: 'hour' | 'day' }) => ['metrics', 'timeseries', w] as const,
};

/** Totals per currency (busiest first) for the window. */
export function useMetricsSummary(window: MetricsWindow) {
  return useQuery({
    queryKey: metricsKeys.summary(window),
    queryFn: () => call('GET /metrics/summary', { query: window }),
    // Switching the range keeps the old numbers on screen until the new ones arrive: no flash.
    placeholderData: keepPreviousData,
  });
}

/** Buckets for the charts; disabled until a currency is known. */
export function useMetricsTimeseries(window: MetricsWindow & { interval: 'hour' | 'day' }, enabled = true) {
  return useQuery({
    queryKey: metricsKeys.timeseries(window),
    // The window never names a `metric`, so every bucket has every series.
    queryFn: async () => (await call('GET /metrics/timeseries', { query: window })) as MetricsTimeseries,
    placeholderData: keepPreviousData,
    enabled,
  });
}
