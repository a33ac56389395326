import type { Interval } from '@/components/charts/chart-format';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export type RangeId = '24h' | '7d' | '30d' | '60d';

export const ranges: { id: RangeId; label: string; interval: Interval; buckets: number }[] = [
  { id: '24h', label: 'Last 24 hours', interval: 'hour', buckets: 24 },
  { id: '7d', label: 'Last 7 days', interval: 'day', buckets: 7 },
  { id: '30d', label: 'Last 30 days', interval: 'day', buckets: 30 },
  { id: '60d', label: 'Last 60 days', interval: 'day', buckets: 60 },
];

export const DEFAULT_RANGE: RangeId = '30d';

export function isRangeId(value: string | undefined): value is RangeId {
  return ranges.some((r) => r.id === value);
}

/**
 * The window's start, aligned to the server's buckets (UTC days or hours) so the charts get
 * exactly `buckets` full bars with today (or this hour) as the last one. The end is "now".
 */
export function rangeStart(id: RangeId, now: number): string {
  const range = ranges.find((r) => r.id === id)!;
  if (range.interval === 'hour') return new Date(Math.floor(now / HOUR) * HOUR - (range.buckets - 1) * HOUR).toISOString();
  return new Date(Math.floor(now / DAY) * DAY - (range.buckets - 1) * DAY).toISOString().slice(0, 10);
}
