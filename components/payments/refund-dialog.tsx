'use client';

import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/components/api';
import { decimalToMinor, formatAmount, formatMoney } from '@/lib/money/money';
import { useRefundPayment, type PaymentDetail, type Refund } from '@/components/hooks/payments';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
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
  return (
    <Dialog open={open} onClose={onClose} title="Refund payment">
      {/* Mounted per opening, so every refund starts from a clean form. */}
      <RefundFlow payment={payment} onClose={onClose} onDone={onDone} />
    </Dialog>
  );
}

type Step = { name: 'form' } | { name: 'confirm'; amount: string } | { name: 'done'; refund: Refund };

function RefundFlow({ payment, onClose, onDone }: { payment: PaymentDetail; onClose: () => void; onDone: (result: ActionResult) => void }) {
  // The server's figure: captured less refunds that succeeded or are still in flight.
  const refundable = payment.refundable;
  const refundableMinor = decimalToMinor(refundable, payment.currency);
  const money = (amount: string) => formatMoney(amount, payment.currency);
  const [step, setStep] = useState<Step>({ name: 'form' });
  const [amount, setAmount] = useState(refundable);
  const [reason, setReason] = useState(refundReasons[0].value);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const refund = useRefundPayment(payment.id);
  const card = [methodName(payment.method, payment.payment_details), methodTail(payment.method, payment.payment_details)].filter(Boolean).join(' ');

  function review(event: FormEvent) {
    event.preventDefault();
    const typed = checkTypedAmount(amount, payment.currency, refundableMinor, money(refundable));
    setFieldError(typed.problem);
    setFormError(null);
    if (typed.amount !== null) setStep({ name: 'confirm', amount: typed.amount });
  }

  function submit(value: string) {
    refund.mutate(
      // Always the exact amount confirmed: if the page was stale, the server refuses rather than
      // refunding a different sum than the person agreed to.
      { amount: value, reason },
      {
        onSuccess: (created) => {
          setStep({ name: 'done', refund: created });
          onDone(resultOf(created));
        },
        onError: (error) => {
          const message = error instanceof ApiRequestError ? error.message : 'Could not reach Tillpoint. Check your connection and try again.';
          if (error instanceof ApiRequestError && error.param === 'amount') setFieldError(message);
          else setFormError(message);
          setStep({ name: 'form' });
        },
      },
    );
  }

  function resultOf(created: Refund): ActionResult {
    const shown = money(created.amount);
    if (created.status === 'succeeded') return { tone: 'success', message: `Refunded ${shown}. It goes back to the customer's ${card}.` };
    if (created.status === 'failed') return { tone: 'error', message: `The refund of ${shown} failed at the processor (${created.failure_code ?? 'unknown reason'}).` };
    return { tone: 'info', message: `Refund of ${shown} submitted: the processor has not confirmed it yet.` };
  }

  if (step.name === 'done') {
    const result = resultOf(step.refund);
    return (
      <div className="space-y-4">
        <Notice tone={result.tone}>{result.message}</Notice>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1.5 text-sm">
          <dt className="text-slate-500">Refund</dt>
          <dd className="font-mono text-xs leading-5 text-slate-700">{step.refund.id}</dd>
          <dt className="text-slate-500">Reason</dt>
          <dd className="text-slate-700">{reasonLabel(step.refund.reason)}</dd>
        </dl>
        <div className="flex justify-end">
          <Button onClick={onClose} autoFocus>
            Done
          </Button>
        </div>
      </div>
    );
  }

  if (step.name === 'confirm') {
    const after = formatAmount(refundableMinor - decimalToMinor(step.amount, payment.currency), payment.currency);
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-600">
          Refund <strong className="font-semibold text-slate-900">{money(step.amount)}</strong> to the customer&apos;s{' '}
          <span className="whitespace-nowrap">{card}</span>? This cannot be undone.
        </p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1.5 rounded-md bg-slate-50 px-4 py-3 text-sm">
          <dt className="text-slate-500">Refund amount</dt>
          <dd className="text-right font-medium tabular-nums text-slate-900">{money(step.amount)}</dd>
          <dt className="text-slate-500">Reason</dt>
          <dd className="text-right text-slate-900">{reasonLabel(reason)}</dd>
          <dt className="text-slate-500">Still refundable after</dt>
          <dd className="text-right tabular-nums text-slate-900">{money(after)}</dd>
        </dl>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setStep({ name: 'form' })} disabled={refund.isPending}>
            Back
          </Button>
          <Button onClick={() => submit(step.amount)} disabled={refund.isPending} autoFocus>
            {refund.isPending ? 'Refunding…' : `Refund ${money(step.amount)}`}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={review} noValidate className="space-y-4">
      {formError && <Notice tone="error">{formError}</Notice>}
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
        error={fieldError}
        autoFocus
        className="[&_input]:tabular-nums"
      />
      <SelectField label="Reason" name="reason" options={refundReasons} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit">Review refund</Button>
      </div>
    </form>
  );
}
