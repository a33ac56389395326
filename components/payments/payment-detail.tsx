'use client';

import Link from 'next/link';
import { useState, type ReactNode } from 'react';
import { formatDateTime } from '@/components/dates';
import { formatMoney, isPlainDecimal } from '@/lib/money/money';
import { usePayment, type PaymentDetail } from '@/components/hooks/payments';
import { useCan } from '@/components/layout/current-user';
import { Badge, StatusBadge, statusTones, type Tone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { QueryState } from '@/components/ui/query-state';
import { ErrorState, Notice } from '@/components/ui/states';
import { CancelDialog, CaptureDialog } from './capture-cancel-dialogs';
import { CopyButton } from './copy-button';
import { brandLabels, methodLabels, methodName, methodTail, networkLabels, walletLabels } from './payment-method';
import { reasonLabel, RefundDialog, type ActionResult } from './refund-dialog';
import { RefundBadge } from './refund-badge';

export function PaymentDetailView({ id }: { id: string }) {
  const query = usePayment(id);
  return (
    <QueryState
      query={query}
      loading="Loading payment…"
      notFound={<PaymentNotFound id={id} />}
      error={(error, retry) => (
        <>
          <BackLink />
          <ErrorState error={error} onRetry={retry} />
        </>
      )}
    >
      {(payment) => <PaymentView payment={payment} />}
    </QueryState>
  );
}

function BackLink() {
  return (
    <Link href="/payments" className="mb-4 inline-flex items-center gap-1 rounded text-sm font-medium text-slate-500 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-indigo-600">
      <span aria-hidden>←</span> Payments
    </Link>
  );
}

function PaymentNotFound({ id }: { id: string }) {
  return (
    <div>
      <BackLink />
      <div className="rounded-lg border border-slate-200 bg-white px-6 py-14 text-center shadow-sm">
        <h1 className="text-lg font-semibold text-slate-900">Payment not found</h1>
        <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">
          There is no payment <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-700">{id}</code> in this account.
          Check the ID, or find the payment in the list.
        </p>
        <Link
          href="/payments"
          className="mt-5 inline-flex items-center rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          View all payments
        </Link>
      </div>
    </div>
  );
}

type OpenDialog = 'refund' | 'capture' | 'cancel' | null;

function PaymentView({ payment }: { payment: PaymentDetail }) {
  const canRefund = useCan('refunds:create');
  const canManage = useCan('payments:manage');
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [result, setResult] = useState<ActionResult | null>(null);
  const money = (amount: string) => formatMoney(amount, payment.currency);

  // What the payment allows is the server's call (state machine and amounts); the role is ours.
  const allows = (action: PaymentDetail['available_actions'][number]) => payment.available_actions.includes(action);
  const showRefund = canRefund && allows('refund');
  const showCapture = canManage && allows('capture');
  const showCancel = canManage && allows('cancel');
  const close = () => setDialog(null);
  const open = (which: OpenDialog) => {
    setResult(null);
    setDialog(which);
  };

  return (
    <div>
      <BackLink />
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-6">
        <div className="min-w-0">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Payment</p>
          <div className="mt-1 flex flex-wrap items-center gap-3">
            <h1 className="text-3xl font-semibold tracking-tight tabular-nums text-slate-900">
              {money(payment.amount)} <span className="text-xl font-normal text-slate-400">{payment.currency}</span>
            </h1>
            <StatusBadge status={payment.status} />
            <RefundBadge payment={payment} />
          </div>
          <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-500">
            <span className="inline-flex items-center gap-1">
              <span className="font-mono text-xs text-slate-700">{payment.id}</span>
              <CopyButton value={payment.id} label="Copy payment ID" />
            </span>
            <span>{formatDateTime(payment.created)}</span>
            <span>
              {methodName(payment.method, payment.payment_details)} {methodTail(payment.method, payment.payment_details)}
            </span>
          </div>
        </div>
        {(showRefund || showCapture || showCancel) && (
          <div className="flex gap-2">
            {showCancel && (
              <Button variant="secondary" onClick={() => open('cancel')}>
                Cancel payment
              </Button>
            )}
            {showCapture && <Button onClick={() => open('capture')}>Capture</Button>}
            {showRefund && (
              <Button variant="secondary" onClick={() => open('refund')}>
                <span aria-hidden>↩</span> Refund
              </Button>
            )}
          </div>
        )}
      </header>

      <div className="mb-6 space-y-3 empty:hidden">
        {result && <Notice tone={result.tone}>{result.message}</Notice>}
        <StatusExplanation payment={payment} />
      </div>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_21rem]">
        <div className="min-w-0 space-y-6">
          <AmountsCard payment={payment} />
          <TimelineCard payment={payment} />
          <RefundsCard payment={payment} />
        </div>
        <div className="space-y-6">
          <MethodCard payment={payment} />
          <CustomerCard payment={payment} />
          <RiskCard payment={payment} />
        </div>
      </div>

      <RefundDialog payment={payment} open={dialog === 'refund'} onClose={close} onDone={setResult} />
      <CaptureDialog payment={payment} open={dialog === 'capture'} onClose={close} onDone={setResult} />
      <CancelDialog payment={payment} open={dialog === 'cancel'} onClose={close} onDone={setResult} />
    </div>
  );
}

/** Why a payment sits where it does, in words, for the states that need explaining. */
function StatusExplanation({ payment }: { payment: PaymentDetail }) {
  switch (payment.status) {
    case 'failed':
      return (
        <Notice tone="error">
          <span className="font-semibold">Payment failed.</span> {payment.failure_message ?? 'The processor gave no reason.'}
          {payment.failure_code && <span className="ml-2 font-mono text-xs">{payment.failure_code}</span>}
        </Notice>
      );
    case 'pending':
      return (
        <Notice tone="info">
          Held for manual review (risk score {payment.risk.score.toFixed(2)}). Nothing is charged until a reviewer approves it in{' '}
          <Link href="/reviews" className="font-medium underline">
            Reviews
          </Link>
          .
        </Notice>
      );
    case 'requires_capture':
      return <Notice tone="info">Authorized but not captured: capture it to collect the funds, or cancel to release the hold.</Notice>;
    case 'processing':
      return <Notice tone="info">Submitted and waiting for the outcome: {methodLabels[payment.method] ?? payment.method} payments settle after a delay.</Notice>;
    default:
      return null;
  }
}

function AmountsCard({ payment }: { payment: PaymentDetail }) {
  const money = (amount: string) => formatMoney(amount, payment.currency);
  const stats: { label: string; value: string; hint?: string }[] = [
    { label: 'Amount', value: money(payment.amount) },
    payment.status === 'requires_capture'
      ? { label: 'Authorized', value: money(payment.amount_capturable), hint: 'Not yet captured' }
      : { label: 'Captured', value: money(payment.amount_captured) },
    { label: 'Refunded', value: money(payment.amount_refunded) },
    { label: 'Fee', value: money(payment.fee), hint: 'Less what refunds returned' },
    { label: 'Net', value: money(payment.net), hint: 'Captured − refunds − fee' },
  ];
  return (
    <Card title="Amounts">
      <dl aria-label="Amounts" className="grid grid-cols-[repeat(auto-fit,minmax(8rem,1fr))] gap-x-6 gap-y-4">
        {stats.map((s) => (
          <div key={s.label}>
            <dt className="text-xs font-medium text-slate-500">{s.label}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums text-slate-900">{s.value}</dd>
            {s.hint && <dd className="text-xs text-slate-400">{s.hint}</dd>}
          </div>
        ))}
      </dl>
    </Card>
  );
}

/** A label/value list for the side cards; empty values are left out rather than shown blank. */
function Facts({ rows }: { rows: [string, ReactNode][] }) {
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  if (shown.length === 0) return <p className="text-sm text-slate-500">Nothing recorded.</p>;
  return (
    <dl className="space-y-2.5 text-sm">
      {shown.map(([label, value]) => (
        <div key={label} className="grid grid-cols-[7.5rem_1fr] gap-3">
          <dt className="text-slate-500">{label}</dt>
          <dd className="min-w-0 break-words text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const mono = (value: unknown) => (value === undefined || value === null || value === '' ? null : <span className="font-mono text-xs">{String(value)}</span>);
const plain = (value: unknown) => (value === undefined || value === null || value === '' ? null : String(value));

function MethodCard({ payment }: { payment: PaymentDetail }) {
  const d = payment.payment_details as Record<string, string | number | null>;
  let rows: [string, ReactNode][];
  switch (payment.method) {
    case 'credit_card':
    case 'debit_card':
      rows = [
        ['Type', methodLabels[payment.method]],
        ['Brand', brandLabels[String(d.brand)] ?? plain(d.brand)],
        ['Number', d.last4 ? <span className="font-mono text-xs">•••• {d.last4}</span> : null],
        ['Expires', d.exp_month && d.exp_year ? `${String(d.exp_month).padStart(2, '0')} / ${d.exp_year}` : null],
        ['Funding', d.funding ? String(d.funding).replace(/^./, (c) => c.toUpperCase()) : null],
        ['Issuing country', plain(d.country)],
        ['Fingerprint', mono(d.fingerprint)],
      ];
      break;
    case 'bank_transfer':
      rows = [
        ['Type', 'Bank transfer'],
        ['Bank', plain(d.bank)],
        ['Routing number', mono(d.routing_number)],
        ['Account', d.last4 ? <span className="font-mono text-xs">•••• {d.last4}</span> : null],
        ['Fingerprint', mono(d.fingerprint)],
      ];
      break;
    case 'digital_wallet':
      rows = [
        ['Type', 'Digital wallet'],
        ['Wallet', walletLabels[String(d.wallet)] ?? plain(d.wallet)],
        ['Fingerprint', mono(d.fingerprint)],
      ];
      break;
    case 'crypto':
      rows = [
        ['Type', 'Crypto'],
        ['Network', networkLabels[String(d.network)] ?? plain(d.network)],
        ['Address', mono(d.address)],
        ['Fingerprint', mono(d.fingerprint)],
      ];
      break;
    default:
      rows = Object.entries(d).map(([k, v]) => [k, plain(v)]);
  }
  return (
    <Card title="Payment method">
      <Facts rows={rows} />
    </Card>
  );
}

function CustomerCard({ payment }: { payment: PaymentDetail }) {
  const metadata = Object.entries(payment.metadata ?? {});
  return (
    <Card title="Customer">
      <Facts
        rows={[
          ['Customer ID', mono(payment.customer_id)],
          ['Email', plain(payment.customer_email)],
          ['IP address', mono(payment.ip_address)],
          ['Description', plain(payment.description)],
          ...metadata.map(([k, v]): [string, ReactNode] => [k, plain(v)]),
        ]}
      />
    </Card>
  );
}

const levelTones: Record<string, Tone> = { normal: 'green', elevated: 'amber', high: 'red' };
const levelBars: Record<string, string> = { normal: 'bg-emerald-500', elevated: 'bg-amber-500', high: 'bg-rose-500' };
const recommendationLabels: Record<string, string> = { approve: 'Approve', review: 'Send to review', block: 'Block' };

function RiskCard({ payment }: { payment: PaymentDetail }) {
  const { score, level, recommendation, factors } = payment.risk;
  const percent = Math.round(Math.min(1, Math.max(0, score)) * 100);
  return (
    <Card title="Risk" actions={<Badge tone={levelTones[level] ?? 'slate'}>{level.charAt(0).toUpperCase() + level.slice(1)}</Badge>}>
      <div className="flex items-baseline justify-between">
        <p className="text-sm text-slate-500">Score</p>
        <p className="text-2xl font-semibold tabular-nums text-slate-900">
          {score.toFixed(2)}
          <span className="text-sm font-normal text-slate-400"> / 1</span>
        </p>
      </div>
      <div
        role="meter"
        aria-label="Risk score"
        aria-valuemin={0}
        aria-valuemax={1}
        aria-valuenow={score}
        aria-valuetext={`${score.toFixed(2)}, ${level}`}
        className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-100"
      >
        <div className={`h-full rounded-full ${levelBars[level] ?? 'bg-slate-400'}`} style={{ width: `${Math.max(percent, 2)}%` }} />
      </div>
      <p className="mt-3 text-sm text-slate-600">
        Recommendation: <span className="font-medium text-slate-900">{recommendationLabels[recommendation] ?? recommendation}</span>
      </p>
      <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Factors</h3>
      {factors.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">No risk rules matched.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100">
          {factors.map((f, i) => (
            <li key={`${f.rule}-${i}`} className="flex items-start justify-between gap-3 py-2">
              <div className="min-w-0">
                <p className="font-mono text-xs text-slate-500">{f.rule}</p>
                <p className="text-sm text-slate-800">{f.reason}</p>
              </div>
              <span className="shrink-0 text-sm font-medium tabular-nums text-slate-900">+{f.score.toFixed(2)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

const eventDots: [RegExp, string][] = [
  [/failed|rejected|blocked/, 'bg-rose-500'],
  [/succeeded|captured|approved/, 'bg-emerald-500'],
  [/review|cancel/, 'bg-amber-500'],
  [/refund/, 'bg-sky-500'],
  [/authorized|processing|requested/, 'bg-violet-500'],
];

/**
 * Timeline messages name amounts as the API writes them ("Captured 80.00 USD"); people read
 * money: "Captured $80.00". The amount comes from the event's data, never from parsing prose.
 */
function withMoney(message: string, data: Record<string, unknown> | null | undefined, currency: string): string {
  const amount = data?.amount;
  if (typeof amount !== 'string' || !isPlainDecimal(amount)) return message;
  return message.replace(`${amount} ${currency}`, formatMoney(amount, currency));
}

function TimelineCard({ payment }: { payment: PaymentDetail }) {
  // Newest first, like an activity feed: what just happened is what people look for.
  const events = [...payment.timeline].reverse();
  return (
    <Card title="Timeline">
      {events.length === 0 ? (
        <p className="text-sm text-slate-500">No events yet.</p>
      ) : (
        <ol aria-label="Payment timeline" className="relative">
          {events.map((e, i) => (
            <li key={`${e.created}-${i}`} className="relative flex gap-4 pb-5 last:pb-0">
              {i < events.length - 1 && <span aria-hidden className="absolute left-[5px] top-4 h-full w-px bg-slate-200" />}
              <span aria-hidden className={`relative mt-1.5 h-[11px] w-[11px] shrink-0 rounded-full ring-4 ring-white ${eventDots.find(([re]) => re.test(e.type))?.[1] ?? 'bg-slate-400'}`} />
              <div className="min-w-0 flex-1">
                <p className="text-sm text-slate-900">{withMoney(e.message, e.data, payment.currency)}</p>
                <p className="mt-0.5 text-xs text-slate-500">
                  <time dateTime={e.created}>{formatDateTime(e.created)}</time>
                  <span className="ml-2 font-mono">{e.type}</span>
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function RefundsCard({ payment }: { payment: PaymentDetail }) {
  const refunds = payment.refunds.data;
  return (
    <Card title="Refunds">
      {refunds.length === 0 ? (
        <p className="text-sm text-slate-500">No refunds.</p>
      ) : (
        <ul aria-label="Refunds" className="-my-2 divide-y divide-slate-100">
          {refunds.map((r) => (
            <li key={r.id} className="grid grid-cols-[7rem_minmax(0,1fr)_auto] items-center gap-4 py-3 text-sm">
              <div>
                <p className="font-semibold tabular-nums text-slate-900">{formatMoney(r.amount, r.currency)}</p>
                {/* Refund statuses read literally: a pending refund is not "in review". */}
                <Badge tone={statusTones[r.status] ?? 'slate'}>{r.status.charAt(0).toUpperCase() + r.status.slice(1)}</Badge>
              </div>
              <div className="min-w-0">
                <p className="text-slate-800">{reasonLabel(r.reason)}</p>
                <p className="truncate font-mono text-xs text-slate-500">{r.id}</p>
              </div>
              <time dateTime={r.created} className="text-right tabular-nums text-slate-500">
                {formatDateTime(r.created)}
              </time>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
