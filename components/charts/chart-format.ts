// Axis and tooltip labels for metric buckets. Day buckets are UTC days on the server, so they
// are labelled in UTC (a local zone west of UTC would otherwise shift every label a day back).

const dayLabel = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const hourLabel = new Intl.DateTimeFormat('en-US', { hour: 'numeric' });
const hourLong = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

export type Interval = 'hour' | 'day';

export function bucketLabel(start: string, interval: Interval): string {
  return (interval === 'hour' ? hourLabel : dayLabel).format(new Date(start));
}

/** The longer form used in tooltips and screen-reader summaries. */
export function bucketTitle(start: string, interval: Interval): string {
  return interval === 'hour' ? hourLong.format(new Date(start)) : dayLabel.format(new Date(start));
}

const countFormat = new Intl.NumberFormat('en-US');
export const formatCount = (n: number) => countFormat.format(n);

export const chartColors = {
  primary: '#6366f1', // indigo-500
  primarySoft: '#c7d2fe', // indigo-200
  success: '#10b981', // emerald-500
  failure: '#f43f5e', // rose-500
  grid: '#e2e8f0', // slate-200
  axis: '#64748b', // slate-500
};
