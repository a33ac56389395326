'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { formatDateTime } from '@/components/dates';
import { formatMoney } from '@/lib/money/money';
import { useReconciliationRun, useResolveItem, type ItemFilter, type ReconciliationItem, type RunDetail } from '@/components/hooks/reconciliation';
import { useCan } from '@/components/layout/current-user';
import { Button } from '@/components/ui/button';
import { ConfirmDialog, DialogActions } from '@/components/ui/confirm-dialog';
import { QueryState } from '@/components/ui/query-state';
import { SegmentedTabs } from '@/components/ui/segmented-tabs';
import { EmptyState, Loading } from '@/components/ui/states';
import { Table, Td } from '@/components/ui/table';
import { plural, resultLabels, resultOrder, resultTones, ResultBadge } from './labels';

const tileTones = {
  green: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  red: 'border-rose-200 bg-rose-50 text-rose-900',
  amber: 'border-amber-200 bg-amber-50 text-amber-900',
} as const;

export function RunDetailView({ id }: { id: string }) {
  const [filter, setFilter] = useState<ItemFilter>('breaks');
  const run = useReconciliationRun(id, filter);

  return (
    <>
      <Link href="/reconciliation" className="mb-4 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500">
        ← Reconciliation
      </Link>
      <QueryState
        query={run}
        loading="Loading reconciliation run…"
        keepDataOnError
        notFound={<EmptyState title="Run not found">There is no reconciliation run {id} in this account.</EmptyState>}
      >
        {(header) => (
          <>
            <RunHeader run={header} />
            <SegmentedTabs
              label="Items"
              className="mb-4"
              tabs={[
                { value: 'breaks', label: 'Breaks', count: header.summary.breaks },
                { value: 'matched', label: 'Matched', count: header.summary.matched.count },
                { value: '', label: 'All' },
              ]}
              value={filter}
              onChange={setFilter}
            />
            {/* Another tab's items are loading while this one's header stays. */}
            {run.isPlaceholderData ? (
              <Loading label="Loading items…" />
            ) : (
              <QueryState
                query={run}
                loading="Loading items…"
                isEmpty={(detail) => detail.items.data.length === 0}
                empty={
                  <EmptyState title={filter === 'breaks' ? 'No breaks' : filter === 'matched' ? 'No matched lines' : 'No items'}>
                    {filter === 'breaks' ? 'Every line of the report matches the ledger, and every ledger record of those days is in the report.' : undefined}
                  </EmptyState>
                }
              >
                {(detail) => <ItemsTable runId={id} items={detail.items.data} />}
              </QueryState>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}

function RunHeader({ run }: { run: RunDetail }) {
  const { summary } = run;
  const dates = summary.date_from ? (summary.date_from === summary.date_to ? summary.date_from : `${summary.date_from} – ${summary.date_to}`) : null;
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{run.filename ?? 'Reconciliation run'}</h1>
      <p className="mt-1 text-sm text-slate-600">
        {dates && <>Report of {dates} · </>}
        {plural(run.line_count, 'line')} · imported {formatDateTime(run.created)} by {run.created_by} ·{' '}
        <span className={`font-medium ${summary.breaks === 0 ? 'text-emerald-700' : 'text-rose-700'}`}>{plural(summary.breaks, 'break')}</span>
      </p>
      <dl className="mt-4 grid grid-cols-2 gap-3 lg:grid-cols-4">
        {resultOrder.map((result) => {
          const s = summary[result];
          const tone = s.count === 0 && result !== 'matched' ? 'border-slate-200 bg-white text-slate-900' : tileTones[resultTones[result] as keyof typeof tileTones];
          return (
            <div key={result} className={`rounded-lg border p-4 shadow-sm ${tone}`}>
              <dt className="text-sm font-medium opacity-80">{resultLabels[result]}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">{s.count}</dd>
              <dd className="mt-1 space-y-0.5 text-xs opacity-80">
                {Object.entries(s.totals).map(([currency, t]) => (
                  <p key={currency}>{formatMoney(t.amount, currency)} net</p>
                ))}
                {'difference' in s &&
                  Object.entries(s.difference).map(([currency, d]) => (
                    <p key={`d-${currency}`}>Difference {formatMoney(d.amount, currency)}</p>
                  ))}
              </dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}

function Side({ data, kind }: { data: Record<string, string> | null; kind: 'report' | 'ledger' }) {
  if (!data) return <span className="text-slate-400">{kind === 'report' ? 'Not in report' : 'Not in ledger'}</span>;
  const currency = data.currency;
  return (
    <div className="space-y-0.5">
      {kind === 'ledger' ? (
        data.type === 'charge' ? (
          <Link href={`/payments/${data.id}`} className="font-mono text-[11px] text-indigo-600 hover:text-indigo-500 hover:underline">
            {data.id}
          </Link>
        ) : (
          <span className="font-mono text-[11px]">{data.id}</span>
        )
      ) : (
        <span className="font-mono text-[11px]">{data.processor_reference}</span>
      )}
      <p className="tabular-nums text-slate-900">
        {data.type === 'refund' ? 'Refund ' : ''}
        {formatMoney(data.amount, currency)} <span className="text-xs text-slate-500">fee {formatMoney(data.fee, currency)}</span>
      </p>
      <p className="text-xs text-slate-500">{data.date}</p>
    </div>
  );
}

function ItemsTable({ runId, items }: { runId: string; items: ReconciliationItem[] }) {
  const canResolve = useCan('payouts:create');
  const [resolving, setResolving] = useState<ReconciliationItem | null>(null);
  return (
    <>
      <Table label="Reconciliation items" columns={['Result', 'Report', 'Ledger', 'Difference', 'Resolution']}>
        {items.map((item) => {
          const currency = item.report?.currency ?? item.ledger?.currency ?? 'USD';
          return (
            <tr key={item.id} aria-label={`${resultLabels[item.result]}${item.line_number ? `, line ${item.line_number}` : ''}`} className="align-top">
              <Td>
                <ResultBadge result={item.result} />
                <p className="mt-1 text-xs text-slate-500">{item.line_number ? `Line ${item.line_number}` : 'Ledger only'}</p>
              </Td>
              <Td>
                <Side data={item.report} kind="report" />
              </Td>
              <Td>
                <Side data={item.ledger} kind="ledger" />
              </Td>
              <Td className="tabular-nums">
                {item.difference ? (
                  <div className="space-y-0.5 text-rose-700">
                    {item.difference.amount !== undefined && <p>Amount {formatMoney(item.difference.amount, currency)}</p>}
                    {item.difference.fee !== undefined && <p>Fee {formatMoney(item.difference.fee, currency)}</p>}
                    {item.difference.currency !== undefined && <p>Currency: {item.difference.currency}</p>}
                  </div>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </Td>
              <Td className="w-44">
                {item.result === 'matched' ? (
                  <span className="text-slate-400">—</span>
                ) : item.resolved_at ? (
                  <div className="w-44 whitespace-normal break-words text-xs">
                    <p className="font-medium text-emerald-700">
                      Resolved by {item.resolved_by} · {formatDateTime(item.resolved_at)}
                    </p>
                    <p className="mt-0.5 text-slate-600">{item.resolution_note}</p>
                  </div>
                ) : canResolve ? (
                  <Button variant="secondary" size="sm" onClick={() => setResolving(item)}>
                    Resolve
                  </Button>
                ) : (
                  <span className="text-xs text-amber-700">Open</span>
                )}
              </Td>
            </tr>
          );
        })}
      </Table>
      <ResolveDialog runId={runId} item={resolving} onClose={() => setResolving(null)} />
    </>
  );
}

function ResolveDialog({ runId, item, onClose }: { runId: string; item: ReconciliationItem | null; onClose: () => void }) {
  const resolve = useResolveItem(runId);
  return (
    <ConfirmDialog open={item !== null} onClose={onClose} mutation={resolve}
      form={{
        title: 'Resolve break',
        render: ({ submit, close }) => <ResolveForm item={item!} busy={resolve.isPending} onSubmit={(note) => submit({ id: item!.id, note })} onCancel={close} />,
      }}
    />
  );
}

function ResolveForm({ item, busy, onSubmit, onCancel }: { item: ReconciliationItem; busy: boolean; onSubmit: (note: string) => void; onCancel: () => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (note.trim() === '') {
      setError('Say why this break is resolved.');
      return;
    }
    setError(null);
    onSubmit(note.trim());
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <p className="text-sm text-slate-600">
        {resultLabels[item.result]}
        {item.line_number ? ` on line ${item.line_number}` : ''}
        {item.report?.processor_reference ? ` (${item.report.processor_reference})` : item.ledger?.id ? ` (${item.ledger.id})` : ''}. The note, your name and the time are kept
        with the run.
      </p>
      <div>
        <label htmlFor="resolve-note" className="mb-1 block text-sm font-medium text-slate-700">
          Note
        </label>
        <textarea
          id="resolve-note"
          autoFocus
          rows={3}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'resolve-note-error' : undefined}
          className="block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-rose-500"
        />
        {error && (
          <p id="resolve-note-error" className="mt-1 text-xs text-rose-600">
            {error}
          </p>
        )}
      </div>
      <DialogActions onCancel={onCancel} busy={busy}>
        <Button type="submit" disabled={busy}>
          {busy ? 'Resolving…' : 'Resolve break'}
        </Button>
      </DialogActions>
    </form>
  );
}
