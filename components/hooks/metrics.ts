'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, toQuery } from '@/components/api';
import type { metricsSummary, metricsTimeseries } from '@/lib/monitoring/metrics';

// Types come from the functions the API answers with, so the dashboard cannot drift from them.
export type MetricsSummary = Awaited<ReturnType<typeof metricsSummary>>;
/** Totals for one currency over a window; amounts are decimal strings in major units, `success_rate` 0..1 of decided payments. */
export type MetricsSummaryRow = MetricsSummary['data'][number];

type Timeseries = Awaited<ReturnType<typeof metricsTimeseries>>;
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
    queryFn: () => api<MetricsSummary>(`/metrics/summary${toQuery(window)}`),
    // Switching the range keeps the old numbers on screen until the new ones arrive: no flash.
    placeholderData: keepPreviousData,
  });
}

/** Buckets for the charts; disabled until a currency is known. */
export function useMetricsTimeseries(window: MetricsWindow & { interval: 'hour' | 'day' }, enabled = true) {
  return useQuery({
    queryKey: metricsKeys.timeseries(window),
    queryFn: () => api<MetricsTimeseries>(`/metrics/timeseries${toQuery(window)}`),
    placeholderData: keepPreviousData,
    enabled,
  });
}
