'use client';

import Link from 'next/link';
import type { List } from '@/components/api';
import { useState, type ReactNode } from 'react';
import { formatDate, formatDateTime } from '@/components/dates';
import { formatMoney } from '@/lib/money/money';
import { useBalance, useBalanceTransactions, usePayouts, type Balance, type Payout } from '@/components/hooks/balances';
import { useCan } from '@/components/layout/current-user';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/card';
import { QueryState, type QueryLike } from '@/components/ui/query-state';
import { SectionHeader } from '@/components/ui/section-header';
import { LoadMore } from '@/components/ui/load-more';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { Table, Td } from '@/components/ui/table';
import { useRowLink } from '@/components/ui/use-row-link';
import { PayoutDialog } from './payout-dialog';
import { MoneyStatusBadge } from './status';
import { TransactionsTable } from './transactions-table';

export function BalancesView() {
  const balance = useBalance();
  const payouts = usePayouts();
  const transactions = useBalanceTransactions();
  const canPayOut = useCan('payouts:create');
  const [paying, setPaying] = useState(false);

  return (
    <>
      <PageHeader
        title="Balances & payouts"
        description="What Tillpoint holds for you, the payouts that send it to your bank, and every movement in between."
        actions={
          canPayOut ? (
            <Button onClick={() => setPaying(true)} disabled={!balance.data}>
              Pay out
            </Button>
          ) : undefined
        }
      />
      <div className="space-y-10">
        <section aria-labelledby="balance-heading">
          <h2 id="balance-heading" className="sr-only">
            Balance
          </h2>
          <QueryState query={balance} loading="Loading balance…">
            {(data) => <BalanceCards balance={data} />}
          </QueryState>
        </section>
        <section aria-labelledby="payouts-heading">
          <SectionHeader id="payouts-heading" title="Payouts" description="Automatic payouts settle your available balance daily; open one to see what it paid." />
          <QueryState
            query={payouts}
            loading="Loading payouts…"
            keepDataOnError
            empty={<EmptyState title="No payouts yet">Once funds become available, the daily settlement pays them out to your bank.</EmptyState>}
          >
            {({ pages }) => {
              const shown = pages.flatMap((page) => page.data);
              return (
                <>
                  <PayoutsTable payouts={shown} />
                  <LoadMore query={payouts} shown={shown.length} noun={['payout', 'payouts']} />
                  {payouts.isFetchNextPageError && (
                    <div className="mt-3">
                      <ErrorState error={payouts.error} onRetry={() => payouts.fetchNextPage()} />
                    </div>
                  )}
                </>
              );
            }}
          </QueryState>
        </section>
        <ListSection
          id="transactions-heading"
          title="Recent balance transactions"
          description="Every charge, refund, fee and payout that moved your balance, newest first."
          query={transactions}
          loading="Loading balance transactions…"
          empty={<EmptyState title="No balance transactions yet">Captured payments, refunds and payouts appear here.</EmptyState>}
        >
          {(transactions) => <TransactionsTable label="Balance transactions" transactions={transactions} />}
        </ListSection>
      </div>
      {canPayOut && balance.data && <PayoutDialog open={paying} onClose={() => setPaying(false)} available={balance.data.available} />}
    </>
  );
}

function BalanceCards({ balance }: { balance: Balance }) {
  if (balance.available.length === 0 && balance.pending.length === 0) {
    return <EmptyState title="No balance yet">Captured payments show here as pending, then available once they settle.</EmptyState>;
  }
  const currencies = [...new Set([...balance.available, ...balance.pending].map((b) => b.currency))].sort();
  const amountOf = (list: Balance['available'], currency: string) => list.find((b) => b.currency === currency)?.amount ?? '0';
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      {currencies.map((currency) => (
        <div key={currency} role="group" aria-label={`${currency} balance`} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{currency}</p>
          <dl className="mt-3 grid grid-cols-2 gap-4">
            <div>
              <dt className="text-sm text-slate-600">Available</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums tracking-tight text-slate-900">{formatMoney(amountOf(balance.available, currency), currency)}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-600">Pending</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums tracking-tight text-slate-500">{formatMoney(amountOf(balance.pending, currency), currency)}</dd>
            </div>
          </dl>
        </div>
      ))}
    </div>
  );
}

function PayoutsTable({ payouts }: { payouts: Payout[] }) {
  const rowLink = useRowLink();
  return (
    <Table label="Payouts" columns={[{ label: 'Amount', className: 'text-right' }, 'Status', 'Payout', 'Method', 'Arrival', { label: 'Created', className: 'text-right' }]}>
      {payouts.map((payout) => {
        const href = `/balances/payouts/${payout.id}`;
        return (
          <tr key={payout.id} {...rowLink(href)}>
            <Td className="text-right font-medium tabular-nums text-slate-900" title={`${payout.amount} ${payout.currency}`}>
              {formatMoney(payout.amount, payout.currency)}
            </Td>
            <Td>
              <MoneyStatusBadge status={payout.status} />
              {payout.failure_code && <span className="ml-2 text-xs text-rose-700">{payout.failure_code}</span>}
            </Td>
            <Td className="py-2">
              <span className="block max-w-56 truncate text-slate-800">{payout.description ?? 'Payout'}</span>
              <Link href={href} className="font-mono text-[11px] text-indigo-600 hover:text-indigo-500 hover:underline">
                {payout.id}
              </Link>
            </Td>
            <Td className="capitalize">{payout.method}</Td>
            <Td>
              <time dateTime={payout.arrival_date}>{formatDate(payout.arrival_date)}</time>
            </Td>
            <Td className="text-right text-slate-600">
              <time dateTime={payout.created}>{formatDateTime(payout.created)}</time>
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}

/** A titled section over one list: its loading, error and empty states, then its table. */
function ListSection<T>({
  id,
  title,
  description,
  query,
  loading,
  empty,
  children,
}: {
  id: string;
  title: string;
  description: string;
  query: QueryLike<List<T>>;
  loading: string;
  empty: ReactNode;
  children: (rows: T[]) => ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <SectionHeader id={id} title={title} description={description} />
      <QueryState query={query} loading={loading} empty={empty}>
        {({ data }) => children(data)}
      </QueryState>
    </section>
  );
}
