'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDate, formatDateTime } from '@/components/dates';
import { formatMoney } from '@/lib/money/money';
import { usePayout } from '@/components/hooks/balances';
import { QueryState } from '@/components/ui/query-state';
import { EmptyState } from '@/components/ui/states';
import { MoneyStatusBadge } from './status';
import { TransactionsTable } from './transactions-table';

export function PayoutDetailView({ id }: { id: string }) {
  const payout = usePayout(id);
  return (
    <>
      <Link href="/balances" className="mb-4 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500">
        ← Balances & payouts
      </Link>
      <QueryState query={payout} loading="Loading payout…" notFound={<EmptyState title="Payout not found">There is no payout {id} in this account.</EmptyState>}>
        {(data) => (
          <>
            <div className="mb-6">
              <p className="text-sm text-slate-500">Payout</p>
              <div className="mt-1 flex flex-wrap items-center gap-3">
                <h1 className="text-2xl font-semibold tabular-nums tracking-tight text-slate-900">{formatMoney(data.amount, data.currency)}</h1>
                <MoneyStatusBadge status={data.status} />
              </div>
              <dl className="mt-4 grid grid-cols-2 gap-x-8 gap-y-3 rounded-lg border border-slate-200 bg-white p-5 text-sm shadow-sm sm:grid-cols-4">
                <Detail label="ID" value={<span className="font-mono text-xs">{data.id}</span>} />
                <Detail label={data.status === 'paid' ? 'Arrived' : 'Expected arrival'} value={formatDate(data.arrival_date)} />
                <Detail label="Method" value={<span className="capitalize">{data.method}</span>} />
                <Detail label="Created" value={formatDateTime(data.created)} />
                {data.settlement_date && <Detail label="Settlement of" value={data.settlement_date} />}
                {data.description && <Detail label="Description" value={data.description} />}
                {data.failure_code && <Detail label="Failure" value={<span className="text-rose-700">{data.failure_code}</span>} />}
              </dl>
            </div>
            <section aria-labelledby="payout-transactions-heading">
              <h2 id="payout-transactions-heading" className="mb-1 text-base font-semibold text-slate-900">
                Transactions in this payout
              </h2>
              <p className="mb-3 text-sm text-slate-600">The charges, refunds and fees this payout settled; open a charge to see its payment.</p>
              {data.balance_transactions.data.length === 0 ? (
                <EmptyState title="No transactions">
                  {data.method === 'manual' ? 'A manual payout draws on your available balance; its funds are not tied to particular payments.' : 'This payout lists no transactions.'}
                </EmptyState>
              ) : (
                <TransactionsTable label="Payout transactions" transactions={data.balance_transactions.data} />
              )}
            </section>
          </>
        )}
      </QueryState>
    </>
  );
}

function Detail({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mt-0.5 font-medium text-slate-900">{value}</dd>
    </div>
  );
}
