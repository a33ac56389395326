'use client';

import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/components/api';
import { decimalToMinor, formatAmount, formatMoney } from '@/lib/money/money';
import { useCancelPayment, useCapturePayment, type PaymentDetail } from '@/components/hooks/payments';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { SelectField, TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/states';
import type { ActionResult } from './refund-dialog';
import { checkTypedAmount } from './typed-amount';

const messageOf = (error: unknown) =>
  error instanceof ApiRequestError ? error.message : 'Could not reach Tillpoint. Check your connection and try again.';

type DialogProps = { payment: PaymentDetail; open: boolean; onClose: () => void; onDone: (result: ActionResult) => void };

export function CaptureDialog({ payment, open, onClose, onDone }: DialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title="Capture payment">
      <CaptureFlow payment={payment} onClose={onClose} onDone={onDone} />
    </Dialog>
  );
}

function CaptureFlow({ payment, onClose, onDone }: Omit<DialogProps, 'open'>) {
  const authorized = decimalToMinor(payment.amount_capturable, payment.currency) > 0 ? payment.amount_capturable : payment.amount;
  const authorizedMinor = decimalToMinor(authorized, payment.currency);
  const money = (amount: string) => formatMoney(amount, payment.currency);
  const [amount, setAmount] = useState(authorized);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [captured, setCaptured] = useState<PaymentDetail | null>(null);
  const capture = useCapturePayment(payment.id);

  const { problem, minor, amount: value } = checkTypedAmount(amount, payment.currency, authorizedMinor, money(authorized));
  const released = minor === null ? null : formatAmount(authorizedMinor - minor, payment.currency);
  const partial = minor !== null && minor < authorizedMinor;

  function submit(event: FormEvent) {
    event.preventDefault();
    setFieldError(problem);
    setFormError(null);
    if (!value) return;
    capture.mutate(
      { amount: value },
      {
        onSuccess: (updated) => {
          setCaptured(updated);
          onDone(
            updated.status === 'success'
              ? { tone: 'success', message: `Captured ${money(updated.amount_captured)}.` }
              : { tone: 'info', message: `Capture submitted: the payment is ${updated.status.replace(/_/g, ' ')}.` },
          );
        },
        onError: (error) => {
          if (error instanceof ApiRequestError && error.param === 'amount') setFieldError(error.message);
          else setFormError(messageOf(error));
        },
      },
    );
  }

  if (captured) {
    return (
      <div className="space-y-4">
        <Notice tone={captured.status === 'success' ? 'success' : 'info'}>
          {captured.status === 'success' ? `Captured ${money(captured.amount_captured)}.` : 'Capture submitted.'}
        </Notice>
        <p className="flex items-center gap-2 text-sm text-slate-600">
          Payment status <StatusBadge status={captured.status} />
        </p>
        <div className="flex justify-end">
          <Button onClick={onClose} autoFocus>
            Done
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {formError && <Notice tone="error">{formError}</Notice>}
      <p className="text-sm text-slate-600">
        {money(authorized)} is authorized on the customer&apos;s payment method. Capture all of it, or a smaller amount: the rest of the
        authorization is released.
      </p>
      <TextField
        label={`Amount to capture (${payment.currency})`}
        name="amount"
        inputMode="decimal"
        autoComplete="off"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        hint={partial && released ? `${money(released)} will be released.` : `Up to ${money(authorized)}`}
        error={fieldError}
        autoFocus
      />
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onClose} disabled={capture.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={capture.isPending}>
          {capture.isPending ? 'Capturing…' : value ? `Capture ${money(value)}` : 'Capture'}
        </Button>
      </div>
    </form>
  );
}

const cancelReasons = [
  { value: 'requested_by_customer', label: 'Requested by customer' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'fraudulent', label: 'Fraudulent' },
  { value: 'abandoned', label: 'Abandoned' },
];

export function CancelDialog({ payment, open, onClose, onDone }: DialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title="Cancel payment">
      <CancelFlow payment={payment} onClose={onClose} onDone={onDone} />
    </Dialog>
  );
}

function CancelFlow({ payment, onClose, onDone }: Omit<DialogProps, 'open'>) {
  const [reason, setReason] = useState(cancelReasons[0].value);
  const [error, setError] = useState<string | null>(null);
  const cancel = useCancelPayment(payment.id);
  const money = formatMoney(payment.amount, payment.currency);

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    cancel.mutate(
      { reason },
      {
        onSuccess: (updated) => {
          onDone(
            updated.status === 'cancelled'
              ? { tone: 'success', message: `Payment of ${money} cancelled.` }
              : { tone: 'info', message: `Cancellation submitted: the payment is ${updated.status.replace(/_/g, ' ')}.` },
          );
          onClose();
        },
        onError: (e) => setError(messageOf(e)),
      },
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      {error && <Notice tone="error">{error}</Notice>}
      <p className="text-sm text-slate-600">
        {payment.status === 'pending'
          ? `This ${money} payment is held for review. Cancelling it closes the review; the customer is not charged.`
          : `The authorization of ${money} is released and the customer is not charged.`}{' '}
        This cannot be undone.
      </p>
      <SelectField label="Reason" name="reason" options={cancelReasons} value={reason} onChange={(e) => setReason(e.target.value)} />
      <div className="flex justify-end gap-2 pt-2">
        <Button variant="secondary" onClick={onClose} disabled={cancel.isPending} autoFocus>
          Keep payment
        </Button>
        <Button type="submit" variant="danger" disabled={cancel.isPending}>
          {cancel.isPending ? 'Cancelling…' : 'Cancel payment'}
        </Button>
      </div>
    </form>
  );
}
