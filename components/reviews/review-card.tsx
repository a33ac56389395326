import Link from 'next/link';
import { useId } from 'react';
import { formatDate, formatDateTime } from '@/components/dates';
import { formatMoney } from '@/lib/money/money';
import type { CustomerHistory, Review } from '@/components/hooks/reviews';
import { PaymentMethodSummary } from '@/components/payments/payment-method';
import { StatusBadge } from '@/components/ui/badge';
import { formatScore, RiskLevelBadge } from './risk-level-badge';
import { ReviewActions, type DecisionResult } from './review-actions';

/** One held payment with everything a reviewer weighs: the risk factors and the customer's past. */
export function ReviewCard({ review, canDecide, onDecided }: { review: Review; canDecide: boolean; onDecided: (r: DecisionResult) => void }) {
  const headingId = useId();
  const p = review.payment;
  const amount = formatMoney(p.amount, p.currency);
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-start justify-between gap-4 px-5 pt-4 pb-3">
        <div className="min-w-0">
          <div className="flex items-center gap-3">
            <h2 id={headingId} className="text-lg font-semibold tracking-tight tabular-nums text-slate-900">
              {amount}
            </h2>
            <StatusBadge status={p.status} />
          </div>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-600">
            <PaymentMethodSummary method={p.method} details={p.payment_details} />
            <span aria-hidden className="text-slate-300">
              ·
            </span>
            <span>{p.customer_email ?? p.customer_id ?? 'Guest customer'}</span>
            {p.customer_email && p.customer_id && <span className="font-mono text-xs text-slate-500">{p.customer_id}</span>}
          </p>
        </div>
        <div className="text-right text-sm">
          <Link
            href={`/payments/${p.id}`}
            className="rounded font-mono text-xs text-indigo-600 hover:text-indigo-500 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            {p.id}
          </Link>
          <p className="mt-1 text-xs text-slate-500">
            Held <time dateTime={review.created}>{formatDateTime(review.created)}</time>
          </p>
        </div>
      </header>

      <div className="grid gap-px border-t border-slate-100 bg-slate-100 md:grid-cols-5">
        <section aria-label="Risk" className="bg-white px-5 py-4 md:col-span-3">
          <div className="mb-3 flex items-center gap-3">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Risk score</h3>
            <span className="text-sm font-semibold tabular-nums text-slate-900">{formatScore(p.risk.score)}</span>
            <RiskLevelBadge level={p.risk.level} />
          </div>
          {p.risk.factors.length === 0 ? (
            <p className="text-sm text-slate-500">No rule fired; a custom rule or setting sent this payment to review.</p>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Risk factors">
              {p.risk.factors.map((f, i) => (
                <li key={`${f.rule}-${i}`} className="flex items-start justify-between gap-4 py-2 first:pt-0 last:pb-0">
                  <div className="min-w-0">
                    <p className="font-mono text-xs text-slate-700">{f.rule}</p>
                    <p className="text-sm text-slate-600">{f.reason}</p>
                  </div>
                  <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium tabular-nums text-slate-700">
                    +{formatScore(f.score)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-label="Customer history" className="bg-white px-5 py-4 md:col-span-2">
          <h3 className="mb-3 text-xs font-semibold uppercase tracking-wide text-slate-500">Customer history</h3>
          <History history={review.customer_history} />
        </section>
      </div>

      {(review.status !== 'open' || canDecide) && (
        <footer className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 bg-slate-50/60 px-5 py-3">
          <Decision review={review} />
          {review.status === 'open' && canDecide && <ReviewActions review={review} onDecided={onDecided} />}
        </footer>
      )}
    </article>
  );
}

function History({ history }: { history: CustomerHistory | null }) {
  if (!history) return <p className="text-sm text-slate-500">Guest checkout: no customer id, so no history to compare.</p>;
  if (history.previous_payments === 0) return <p className="text-sm text-slate-600">First payment from this customer.</p>;
  const rows: [string, string][] = [
    ['Previous payments', String(history.previous_payments)],
    ['Succeeded / failed', `${history.succeeded} / ${history.failed}`],
    ['Captured', formatMoney(history.captured_volume, history.currency)],
    ['First seen', history.first_seen ? formatDate(history.first_seen) : '—'],
  ];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500">{label}</dt>
          <dd className="text-right font-medium tabular-nums text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Decision({ review }: { review: Review }) {
  if (review.status === 'open') return <p className="text-sm text-slate-500">Waiting for a decision</p>;
  const when = review.decided_at ? formatDateTime(review.decided_at) : '';
  return (
    <p className="text-sm text-slate-600">
      <span className="font-medium text-slate-900">{review.status === 'approved' ? 'Approved' : 'Rejected'}</span> by {review.decided_by ?? 'unknown'}
      {when && (
        <>
          {' '}
          on <time dateTime={review.decided_at!}>{when}</time>
        </>
      )}
      {review.reason && <span className="text-slate-500"> — “{review.reason}”</span>}
    </p>
  );
}
