'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { formatDateTime } from '@/components/dates';
import { decimalToMinor, formatMoney } from '@/lib/money/money';
import { usePayments, type Payment, type PaymentFilters } from '@/components/hooks/payments';
import { useCan } from '@/components/layout/current-user';
import { Button } from '@/components/ui/button';
import { LoadMore } from '@/components/ui/load-more';
import { SelectField, TextField } from '@/components/ui/field';
import { QueryState } from '@/components/ui/query-state';
import { EmptyState, ErrorState } from '@/components/ui/states';
import { Table, Td } from '@/components/ui/table';
import { useRowLink } from '@/components/ui/use-row-link';
import { StatusBadge } from '@/components/ui/badge';
import { methodLabels, PaymentMethodSummary } from './payment-method';
import { RefundBadge } from './refund-badge';

const statusOptions = [
  { value: '', label: 'All statuses' },
  { value: 'success', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
  { value: 'pending', label: 'In review' },
  { value: 'processing', label: 'Processing' },
  { value: 'requires_capture', label: 'Uncaptured' },
  { value: 'cancelled', label: 'Cancelled' },
];

const methodOptions = [{ value: '', label: 'All methods' }, ...Object.entries(methodLabels).map(([value, label]) => ({ value, label }))];

const FILTER_KEYS = ['status', 'method', 'from', 'to', 'q'] as const satisfies readonly (keyof PaymentFilters)[];

const SEARCH_DELAY_MS = 300;

function filtersFrom(params: URLSearchParams): PaymentFilters {
  const filters: PaymentFilters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** Filters live in the URL, so a filtered view can be reloaded, shared and linked to. */
function useFilterParams() {
  const params = useSearchParams();
  const pathname = usePathname();
  const query = params.toString();
  const filters = useMemo(() => filtersFrom(new URLSearchParams(query)), [query]);
  const setFilters = (change: Partial<PaymentFilters>) => {
    // From the live URL, and written back synchronously (Next.js syncs useSearchParams with
    // history.replaceState): two quick changes, or a delayed search, never undo each other.
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(change)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    const text = next.toString();
    window.history.replaceState(null, '', text ? `${pathname}?${text}` : pathname);
  };
  return { filters, setFilters };
}

export function PaymentsList() {
  const { filters, setFilters } = useFilterParams();
  const canCreate = useCan('payments:create');
  const query = usePayments(filters);
  const [search, setSearch] = useState(filters.q ?? '');

  // Typing searches after a short pause rather than on every keystroke.
  useEffect(() => {
    if (search.trim() === (filters.q ?? '')) return;
    const timer = setTimeout(() => setFilters({ q: search.trim() }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  // When the URL changes from elsewhere ("Clear filters", a link), the box follows.
  useEffect(() => setSearch(filters.q ?? ''), [filters.q]);

  const payments = query.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = FILTER_KEYS.some((key) => filters[key]);

  function submitSearch(event: FormEvent) {
    event.preventDefault();
    setFilters({ q: search.trim() });
  }

  function clearFilters() {
    setSearch('');
    setFilters({ status: '', method: '', from: '', to: '', q: '' });
  }

  return (
    <div>
      <form
        role="search"
        aria-label="Filter payments"
        onSubmit={submitSearch}
        className="mb-4 grid grid-cols-[minmax(12rem,1fr)_repeat(4,8.5rem)_auto] items-end gap-3 [&_input]:h-9"
      >
        <TextField
          label="Search"
          type="search"
          placeholder="ID, customer, description, last 4"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <SelectField
          label="Status"
          options={statusOptions}
          value={filters.status ?? ''}
          onChange={(e) => setFilters({ status: e.target.value })}
        />
        <SelectField
          label="Method"
          options={methodOptions}
          value={filters.method ?? ''}
          onChange={(e) => setFilters({ method: e.target.value })}
        />
        <TextField
          label="From"
          type="date"
          value={filters.from ?? ''}
          max={filters.to}
          onChange={(e) => setFilters({ from: e.target.value })}
        />
        <TextField
          label="To"
          type="date"
          value={filters.to ?? ''}
          min={filters.from}
          onChange={(e) => setFilters({ to: e.target.value })}
        />
        <Button variant="ghost" onClick={clearFilters} disabled={!filtered && !search}>
          Clear filters
        </Button>
      </form>

      <QueryState
        query={query}
        loading="Loading payments…"
        keepDataOnError
        empty={
          filtered ? (
            <EmptyState title="No payments match">
              Try another search or fewer filters.{' '}
              <button type="button" onClick={clearFilters} className="font-medium text-indigo-600 hover:text-indigo-500">
                Clear filters
              </button>
            </EmptyState>
          ) : (
            <EmptyState title="No payments yet">
              {canCreate ? (
                <>
                  Payments appear here as they are made.{' '}
                  <Link href="/payments/new" className="font-medium text-indigo-600 hover:text-indigo-500">
                    Create a test payment
                  </Link>
                </>
              ) : (
                'Payments appear here as they are made.'
              )}
            </EmptyState>
          )
        }
      >
        {() => (
          <div aria-busy={query.isFetching} className={query.isPlaceholderData ? 'opacity-60 transition-opacity' : 'transition-opacity'}>
            <PaymentsTable payments={payments} />
            <LoadMore query={query} shown={payments.length} noun={['payment', 'payments']} />
            {query.isFetchNextPageError && (
              <div className="mt-3">
                <ErrorState error={query.error} onRetry={() => query.fetchNextPage()} />
              </div>
            )}
          </div>
        )}
      </QueryState>
    </div>
  );
}

function PaymentsTable({ payments }: { payments: Payment[] }) {
  const rowLink = useRowLink();

  return (
    <Table label="Payments" columns={[{ label: 'Amount', className: 'text-right' }, 'Status', 'Payment method', 'Payment', 'Customer', { label: 'Date', className: 'text-right' }]}>
      {payments.map((payment) => {
        const href = `/payments/${payment.id}`;
        return (
          <tr key={payment.id} {...rowLink(href)}>
            {/* en-US currency symbols are unambiguous (CA$, A$, BHD), so the code lives in the tooltip. */}
            <Td className="text-right font-medium tabular-nums text-slate-900" title={`${payment.amount} ${payment.currency}`}>
              {formatMoney(payment.amount, payment.currency)}
            </Td>
            <Td>
              <ListStatus payment={payment} />
            </Td>
            <Td>
              <PaymentMethodSummary method={payment.method} details={payment.payment_details} short />
            </Td>
            <Td className="py-2">
              <span className="block max-w-48 truncate text-slate-800" title={payment.description ?? undefined}>
                {payment.description ?? <span className="text-slate-400">No description</span>}
              </span>
              <Link
                href={href}
                className="rounded font-mono text-[11px] text-indigo-600 hover:text-indigo-500 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              >
                {payment.id}
              </Link>
            </Td>
            <Td>
              <span className="block max-w-32 truncate" title={payment.customer_email ?? payment.customer_id ?? undefined}>
                {payment.customer_email ?? payment.customer_id ?? <span className="text-slate-400">—</span>}
              </span>
            </Td>
            <Td className="text-right tabular-nums text-slate-600">
              <time dateTime={payment.created} title={formatDateTime(payment.created)}>
                {formatShortDateTime(payment.created)}
              </time>
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}

/** Refunds never change a payment's status; the list says "Refunded" where that is the news. */
function ListStatus({ payment }: { payment: Payment }) {
  if (payment.status === 'success' && decimalToMinor(payment.amount_refunded, payment.currency) > 0) return <RefundBadge payment={payment} />;
  return <StatusBadge status={payment.status} />;
}

const thisYear = new Date().getFullYear();
const shortFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const yearFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

/** "Nov 25, 7:09 PM" this year, "Nov 25, 2025" before: dates stay short enough for a column. */
function formatShortDateTime(iso: string): string {
  const date = new Date(iso);
  return date.getFullYear() === thisYear ? shortFormat.format(date) : yearFormat.format(date);
}
