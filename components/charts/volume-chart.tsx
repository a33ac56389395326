'use client';

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsBucket } from '@/components/hooks/metrics';
import { compactMoneyFormatter, formatMoney } from '@/lib/money/money';
import { ChartFrame, ChartTooltip } from './chart-frame';
import { bucketLabel, bucketTitle, chartColors, type Interval } from './chart-format';

/** Gross volume per bucket. The decimal string becomes a number only to place the point. */
export function VolumeChart({ buckets, interval, currency, total }: { buckets: MetricsBucket[]; interval: Interval; currency: string; total: string }) {
  const data = buckets.map((b) => ({ label: bucketLabel(b.start, interval), title: bucketTitle(b.start, interval), volume: Number(b.volume), text: b.volume }));
  const peak = data.reduce<(typeof data)[number] | null>((best, d) => (d.volume > 0 && (!best || d.volume > best.volume) ? d : best), null);
  const unit = interval === 'hour' ? 'hour' : 'day';
  const summary =
    `Gross volume per ${unit}, ${data[0]?.title ?? ''} to ${data.at(-1)?.title ?? ''}: ${formatMoney(total, currency)} in total.` +
    (peak ? ` Highest ${unit}: ${peak.title} with ${formatMoney(peak.text, currency)}.` : ' No successful payments.');
  const tick = compactMoneyFormatter(currency);

  return (
    <ChartFrame summary={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id="volume-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor={chartColors.primary} stopOpacity={0.25} />
              <stop offset="100%" stopColor={chartColors.primary} stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid vertical={false} stroke={chartColors.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: chartColors.axis }} minTickGap={24} />
          <YAxis tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: chartColors.axis }} tickFormatter={tick} width={64} />
          <Tooltip
            cursor={{ stroke: chartColors.primarySoft }}
            content={({ active, payload }) => {
              const point = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
              return point ? <ChartTooltip title={point.title} rows={[{ label: 'Gross volume', value: formatMoney(point.text, currency), color: chartColors.primary }]} /> : null;
            }}
          />
          <Area type="monotone" dataKey="volume" name="Gross volume" stroke={chartColors.primary} strokeWidth={2} fill="url(#volume-fill)" isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
