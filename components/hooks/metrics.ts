'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, toQuery } from '@/components/api';

/** Totals for one currency over a window; amounts are decimal strings in major units. */
export type MetricsSummaryRow = {
  currency: string;
  count: number;
  succeeded: number;
  failed: number;
  pending: number;
  /** 0..1 of decided payments (succeeded + failed). */
  success_rate: number;
  volume: string;
  average_amount: string;
  refunded_volume: string;
};

export type MetricsSummary = { object: 'metrics_summary'; from: string; to: string; data: MetricsSummaryRow[] };

export type MetricsBucket = {
  start: string;
  count: number;
  succeeded: number;
  failed: number;
  failure_rate: number;
  volume: string;
  by_method: Record<string, number>;
};

export type MetricsTimeseries = { object: 'metrics_timeseries'; interval: 'hour' | 'day'; currency: string; data: MetricsBucket[] };

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
