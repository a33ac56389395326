'use client';

import { useState, type FormEvent } from 'react';
import { decimalToMinor, formatAmount, formatMoney } from '@/lib/money/money';
import { useRefundPayment, type PaymentDetail, type Refund } from '@/components/hooks/payments';
import { fieldErrorOf } from '@/components/ui/api-error-message';
import { Button } from '@/components/ui/button';
import { ConfirmDialog, DialogActions } from '@/components/ui/confirm-dialog';
import { SelectField, TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/states';
import { methodName, methodTail } from './payment-method';
import { checkTypedAmount } from './typed-amount';

export const refundReasons = [
  { value: 'requested_by_customer', label: 'Requested by customer' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'fraudulent', label: 'Fraudulent' },
  { value: 'other', label: 'Other' },
];

export const reasonLabel = (reason: string | null) => refundReasons.find((r) => r.value === reason)?.label ?? reason ?? '—';

export type ActionResult = { tone: 'success' | 'error' | 'info'; message: string };

export function RefundDialog({
  payment,
  open,
  onClose,
  onDone,
}: {
  payment: PaymentDetail;
  open: boolean;
  onClose: () => void;
  onDone: (result: ActionResult) => void;
}) {
  // The server's figure: captured less refunds that succeeded or are still in flight.
  const refundable = payment.refundable;
  const money = (amount: string) => formatMoney(amount, payment.currency);
  const leftAfter = (amount: string) => formatAmount(decimalToMinor(refundable, payment.currency) - decimalToMinor(amount, payment.currency), payment.currency);
  const refund = useRefundPayment(payment.id);
  const card = [methodName(payment.method, payment.payment_details), methodTail(payment.method, payment.payment_details)].filter(Boolean).join(' ');

  function resultOf(created: Refund): ActionResult {
    const shown = money(created.amount);
    if (created.status === 'succeeded') return { tone: 'success', message: `Refunded ${shown}. It goes back to the customer's ${card}.` };
    if (created.status === 'failed') return { tone: 'error', message: `The refund of ${shown} failed at the processor (${created.failure_code ?? 'unknown reason'}).` };
    return { tone: 'info', message: `Refund of ${shown} submitted: the processor has not confirmed it yet.` };
  }

  return (
    <ConfirmDialog<RefundInput, Refund> open={open} onClose={onClose} mutation={refund}
      form={{
        title: 'Refund payment',
        fields: ['amount'],
        // If the page was stale, the server refuses the amount: back to the field that says why.
        returnOnError: true,
        render: ({ review, close, last }) => (
          <RefundForm payment={payment} refundable={refundable} last={last} serverError={fieldErrorOf(refund.error, 'amount')} onReview={review} onCancel={close} />
        ),
      }}
      // Always the exact amount confirmed: if the page was stale, the server refuses rather than
      // refunding a different sum than the person agreed to.
      confirm={(input) => ({
        title: 'Refund payment',
        body: (
          <>
            <p>
              Refund <strong className="font-semibold text-slate-900">{money(input.amount)}</strong> to the customer&apos;s{' '}
              <span className="whitespace-nowrap">{card}</span>? This cannot be undone.
            </p>
            <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1.5 rounded-md bg-slate-50 px-4 py-3 text-sm">
              <dt className="text-slate-500">Refund amount</dt>
              <dd className="text-right font-medium tabular-nums text-slate-900">{money(input.amount)}</dd>
              <dt className="text-slate-500">Reason</dt>
              <dd className="text-right text-slate-900">{reasonLabel(input.reason)}</dd>
              <dt className="text-slate-500">Still refundable after</dt>
              <dd className="text-right tabular-nums text-slate-900">{money(leftAfter(input.amount))}</dd>
            </dl>
          </>
        ),
        action: `Refund ${money(input.amount)}`,
        pending: 'Refunding…',
      })}
      onDone={(created) => onDone(resultOf(created))}
      result={{
        title: 'Refund payment',
        render: (created) => {
          const result = resultOf(created);
          return (
            <>
              <Notice tone={result.tone}>{result.message}</Notice>
              <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1.5 text-sm">
                <dt className="text-slate-500">Refund</dt>
                <dd className="font-mono text-xs leading-5 text-slate-700">{created.id}</dd>
                <dt className="text-slate-500">Reason</dt>
                <dd className="text-slate-700">{reasonLabel(created.reason)}</dd>
              </dl>
            </>
          );
        },
      }}
    />
  );
}

type RefundInput = { amount: string; reason: string };

function RefundForm({
  payment,
  refundable,
  last,
  serverError,
  onReview,
  onCancel,
}: {
  payment: PaymentDetail;
  refundable: string;
  last?: RefundInput;
  serverError: string | null;
  onReview: (input: RefundInput) => void;
  onCancel: () => void;
}) {
  const money = (amount: string) => formatMoney(amount, payment.currency);
  const [amount, setAmount] = useState(last?.amount ?? refundable);
  const [reason, setReason] = useState(last?.reason ?? refundReasons[0].value);
  const [fieldError, setFieldError] = useState<string | null>(null);

  function review(event: FormEvent) {
    event.preventDefault();
    const typed = checkTypedAmount(amount, payment.currency, decimalToMinor(refundable, payment.currency), money(refundable));
    setFieldError(typed.problem);
    if (typed.amount !== null) onReview({ amount: typed.amount, reason });
  }

  return (
    <form onSubmit={review} noValidate className="space-y-4">
      <p className="text-sm text-slate-600">
        {money(payment.amount_captured)} captured, {money(payment.amount_refunded)} refunded so far.
      </p>
      <TextField
        label={`Amount (${payment.currency})`}
        name="amount"
        inputMode="decimal"
        autoComplete="off"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        hint={`Up to ${money(refundable)}`}
        error={fieldError ?? serverError}
        autoFocus
        className="[&_input]:tabular-nums"
      />
      <SelectField label="Reason" name="reason" options={refundReasons} value={reason} onChange={(e) => setReason(e.target.value)} />
      <DialogActions onCancel={onCancel}>
        <Button type="submit">Review refund</Button>
      </DialogActions>
    </form>
  );
}
