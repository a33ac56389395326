'use client';

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsBucket } from '@/components/hooks/metrics';
import { ChartFrame, ChartTooltip } from './chart-frame';
import { bucketLabel, bucketTitle, chartColors, formatCount, type Interval } from './chart-format';

/** Succeeded and failed payments per bucket, stacked. */
export function OutcomesChart({ buckets, interval }: { buckets: MetricsBucket[]; interval: Interval }) {
  const data = buckets.map((b) => ({ label: bucketLabel(b.start, interval), title: bucketTitle(b.start, interval), succeeded: b.succeeded, failed: b.failed }));
  const succeeded = data.reduce((n, d) => n + d.succeeded, 0);
  const failed = data.reduce((n, d) => n + d.failed, 0);
  const worst = data.reduce<(typeof data)[number] | null>((w, d) => (d.failed > 0 && (!w || d.failed > w.failed) ? d : w), null);
  const unit = interval === 'hour' ? 'hour' : 'day';
  const summary =
    `Succeeded and failed payments per ${unit}: ${formatCount(succeeded)} succeeded and ${formatCount(failed)} failed in total.` +
    (worst ? ` Most failures: ${worst.title} with ${formatCount(worst.failed)}.` : '');

  return (
    <ChartFrame summary={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} barCategoryGap="20%">
          <CartesianGrid vertical={false} stroke={chartColors.grid} strokeDasharray="3 3" />
          <XAxis dataKey="label" tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: chartColors.axis }} minTickGap={24} />
          <YAxis tickLine={false} axisLine={false} tick={{ fontSize: 12, fill: chartColors.axis }} allowDecimals={false} width={40} />
          <Tooltip
            cursor={{ fill: '#f1f5f9' }}
            content={({ active, payload }) => {
              const point = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
              return point ? (
                <ChartTooltip
                  title={point.title}
                  rows={[
                    { label: 'Succeeded', value: formatCount(point.succeeded), color: chartColors.success },
                    { label: 'Failed', value: formatCount(point.failed), color: chartColors.failure },
                  ]}
                />
              ) : null;
            }}
          />
          <Legend iconType="circle" iconSize={8} itemSorter={null} wrapperStyle={{ fontSize: 12, paddingTop: 8 }} />
          <Bar dataKey="succeeded" name="Succeeded" stackId="outcome" fill={chartColors.success} isAnimationActive={false} />
          <Bar dataKey="failed" name="Failed" stackId="outcome" fill={chartColors.failure} radius={[2, 2, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
