'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { MethodChart } from '@/components/charts/method-chart';
import { OutcomesChart } from '@/components/charts/outcomes-chart';
import { VolumeChart } from '@/components/charts/volume-chart';
import { formatCount } from '@/components/charts/chart-format';
import { decimalToMinor, formatMoney } from '@/lib/money/money';
import { useMetricsSummary, useMetricsTimeseries, type MetricsSummaryRow } from '@/components/hooks/metrics';
import { useCan } from '@/components/layout/current-user';
import { Card, PageHeader } from '@/components/ui/card';
import { SelectField } from '@/components/ui/field';
import { QueryState } from '@/components/ui/query-state';
import { EmptyState, Skeleton } from '@/components/ui/states';
import { AlertsCard } from './alerts-card';
import { KpiCard, KpiSkeleton } from './kpi-card';
import { DEFAULT_RANGE, isRangeId, ranges, rangeStart, type RangeId } from './ranges';
import { ReviewQueueCard } from './review-queue-card';

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const kpiLabels = ['Gross volume', 'Payments', 'Success rate', 'Average payment'];

export function OverviewDashboard({ initialRange, initialCurrency }: { initialRange?: string; initialCurrency?: string }) {
  const [rangeId, setRangeId] = useState<RangeId>(isRangeId(initialRange) ? initialRange : DEFAULT_RANGE);
  const [chosenCurrency, setChosenCurrency] = useState<string | null>(initialCurrency?.toUpperCase() ?? null);
  const range = ranges.find((r) => r.id === rangeId)!;
  // Computed once per choice of range, so the query key stays stable while the page is open.
  const from = useMemo(() => rangeStart(rangeId, Date.now()), [rangeId]);

  const summary = useMetricsSummary({ from });
  const rows = summary.data?.data ?? [];
  // The busiest currency unless the person picked one that exists in this range.
  const row = rows.find((r) => r.currency === chosenCurrency) ?? rows[0];
  const currency = row?.currency;
  const series = useMetricsTimeseries({ from, currency, interval: range.interval }, Boolean(currency));

  // Keep the choice in the URL (shareable, survives reload) without a server round trip.
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    if (rangeId === DEFAULT_RANGE) params.delete('range');
    else params.set('range', rangeId);
    if (chosenCurrency) params.set('currency', chosenCurrency);
    const query = params.toString();
    window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
  }, [rangeId, chosenCurrency]);

  const updating = (summary.isFetching && summary.isPlaceholderData) || (series.isFetching && series.isPlaceholderData);

  return (
    <>
      <PageHeader
        title="Overview"
        description="How your payments are doing. Days are UTC; amounts are in the selected currency."
        actions={
          <div className="flex items-end gap-3">
            <SelectField
              label="Date range"
              className="w-44"
              value={rangeId}
              onChange={(e) => setRangeId(e.target.value as RangeId)}
              options={ranges.map((r) => ({ value: r.id, label: r.label }))}
            />
            <SelectField
              label="Currency"
              className="w-36"
              value={currency ?? ''}
              disabled={rows.length === 0}
              onChange={(e) => setChosenCurrency(e.target.value)}
              options={rows.length ? rows.map((r) => ({ value: r.currency, label: r.currency })) : [{ value: '', label: '—' }]}
            />
          </div>
        }
      />

      <QueryState
        query={summary}
        loading={<OverviewSkeleton />}
        empty={
          <>
            <NoPayments rangeLabel={range.label.toLowerCase()} />
            <div className="mt-4 grid gap-4 lg:grid-cols-2">
              <ReviewQueueCard />
              <AlertsCard />
            </div>
          </>
        }
      >
        {() => (
          <div aria-busy={updating} className={`space-y-4 transition-opacity ${updating ? 'opacity-60' : ''}`}>
            <Kpis row={row!} />
            <div className="grid gap-4 lg:grid-cols-3">
              <Card title="Gross volume" actions={<Caption>{range.interval === 'hour' ? 'Per hour' : 'Per day'}</Caption>} className="lg:col-span-2">
                <Chart query={series}>{(s) => <VolumeChart buckets={s.data} interval={s.interval} currency={s.currency} total={row!.volume} />}</Chart>
              </Card>
              <div className="flex flex-col gap-4">
                <ReviewQueueCard />
                <AlertsCard />
              </div>
              <Card title="Succeeded vs failed" actions={<Caption>{range.interval === 'hour' ? 'Per hour' : 'Per day'}</Caption>} className="lg:col-span-2">
                <Chart query={series}>{(s) => <OutcomesChart buckets={s.data} interval={s.interval} />}</Chart>
              </Card>
              <Card title="Payments by method" actions={<Caption>{range.label}</Caption>}>
                <Chart query={series}>{(s) => <MethodChart buckets={s.data} />}</Chart>
              </Card>
            </div>
          </div>
        )}
      </QueryState>
    </>
  );
}

function Kpis({ row }: { row: MetricsSummaryRow }) {
  const decided = row.succeeded + row.failed;
  return (
    <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
      <KpiCard
        label="Gross volume"
        value={formatMoney(row.volume, row.currency)}
        detail={decimalToMinor(row.refunded_volume, row.currency) !== 0 ? `${formatMoney(row.refunded_volume, row.currency)} refunded` : 'Nothing refunded'}
      />
      <KpiCard
        label="Payments"
        value={formatCount(row.count)}
        detail={`${formatCount(row.succeeded)} succeeded · ${formatCount(row.failed)} failed`}
      />
      <KpiCard
        label="Success rate"
        value={decided ? percent.format(row.success_rate) : '—'}
        detail={
          decided
            ? `Of ${formatCount(decided)} completed payments`
            : 'No completed payments yet'
        }
      />
      <KpiCard label="Average payment" value={row.succeeded ? formatMoney(row.average_amount, row.currency) : '—'} detail="Per successful payment" />
    </div>
  );
}

function Caption({ children }: { children: ReactNode }) {
  return <span className="text-xs text-slate-500">{children}</span>;
}

type SeriesQuery = ReturnType<typeof useMetricsTimeseries>;

function Chart({ query, children }: { query: SeriesQuery; children: (data: NonNullable<SeriesQuery['data']>) => ReactNode }) {
  return (
    <QueryState query={query} loading={<ChartSkeleton />}>
      {children}
    </QueryState>
  );
}

function ChartSkeleton({ height = 240 }: { height?: number }) {
  return <div aria-hidden style={{ height }} className="w-full animate-pulse rounded-md bg-slate-100" />;
}

function OverviewSkeleton() {
  return (
    <Skeleton label="Loading overview…">
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {kpiLabels.map((label) => (
          <KpiSkeleton key={label} label={label} />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Gross volume" className="lg:col-span-2">
          <ChartSkeleton />
        </Card>
        <div className="flex flex-col gap-4">
          <ReviewQueueCard />
          <AlertsCard />
        </div>
        <Card title="Succeeded vs failed" className="lg:col-span-2">
          <ChartSkeleton />
        </Card>
        <Card title="Payments by method">
          <ChartSkeleton />
        </Card>
      </div>
    </Skeleton>
  );
}

function NoPayments({ rangeLabel }: { rangeLabel: string }) {
  const canCreate = useCan('payments:create');
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <EmptyState title={`No payments in the ${rangeLabel}`}>
        <p>Volume, success rate and charts appear here as soon as payments come in through the API or the dashboard.</p>
        {canCreate && (
          <Link
            href="/payments/new"
            className="mt-4 inline-flex items-center rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Create a test payment
          </Link>
        )}
      </EmptyState>
    </div>
  );
}
