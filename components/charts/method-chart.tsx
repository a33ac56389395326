'use client';

import { Bar, BarChart, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsBucket } from '@/components/hooks/metrics';
import { methodLabels } from '@/components/payments/payment-method';
import { ChartFrame, ChartTooltip } from './chart-frame';
import { chartColors, formatCount } from './chart-format';

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** Payment attempts per method over the whole window, most used first. */
export function MethodChart({ buckets }: { buckets: MetricsBucket[] }) {
  const totals = new Map<string, number>();
  for (const b of buckets) for (const [method, n] of Object.entries(b.by_method)) totals.set(method, (totals.get(method) ?? 0) + n);
  const all = [...totals.values()].reduce((a, b) => a + b, 0);
  const data = [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([method, count]) => ({ label: methodLabels[method] ?? method, count, share: all ? count / all : 0 }));
  const summary = data.length
    ? `Payments by method: ${data.map((d) => `${d.label} ${formatCount(d.count)} (${percent.format(d.share)})`).join(', ')}.`
    : 'Payments by method: none in this period.';

  return (
    <ChartFrame summary={summary} height={Math.max(160, data.length * 44 + 16)}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 88, bottom: 4, left: 0 }} barCategoryGap={10}>
          <XAxis type="number" hide />
          <YAxis
            type="category"
            dataKey="label"
            tickLine={false}
            axisLine={false}
            width={108}
            // A plain <text>: Recharts' own tick wraps "Digital wallet" onto two lines.
            tick={({ x, y, payload }: { x: number | string; y: number | string; payload: { value: string } }) => (
              <text x={Number(x) - 8} y={Number(y)} dy={4} textAnchor="end" fontSize={12} fill="#334155">
                {payload.value}
              </text>
            )}
          />
          <Tooltip
            cursor={{ fill: '#f8fafc' }}
            content={({ active, payload }) => {
              const point = active ? (payload?.[0]?.payload as (typeof data)[number] | undefined) : undefined;
              return point ? <ChartTooltip title={point.label} rows={[{ label: 'Payments', value: `${formatCount(point.count)} (${percent.format(point.share)})` }]} /> : null;
            }}
          />
          <Bar dataKey="count" name="Payments" fill={chartColors.primary} radius={[0, 3, 3, 0]} maxBarSize={28} isAnimationActive={false}>
            <LabelList
              dataKey="count"
              content={({ x, y, width, height, value }) => {
                const n = Number(value);
                return (
                  <text x={Number(x) + Number(width) + 8} y={Number(y) + Number(height) / 2} dy={4} fontSize={12} fill="#475569">
                    {`${formatCount(n)} · ${percent.format(all ? n / all : 0)}`}
                  </text>
                );
              }}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
