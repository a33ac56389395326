'use client';

import { useState, type FormEvent } from 'react';
import { decimalToMinor, formatAmount, formatMoney } from '@/lib/money/money';
import { useCancelPayment, useCapturePayment, type PaymentDetail } from '@/components/hooks/payments';
import { fieldErrorOf } from '@/components/ui/api-error-message';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog, DialogActions } from '@/components/ui/confirm-dialog';
import { SelectField, TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/states';
import type { ActionResult } from './refund-dialog';
import { checkTypedAmount } from './typed-amount';

type DialogProps = { payment: PaymentDetail; open: boolean; onClose: () => void; onDone: (result: ActionResult) => void };

/** The form is the confirmation: its button names the exact amount, then the result shows. */
export function CaptureDialog({ payment, open, onClose, onDone }: DialogProps) {
  const capture = useCapturePayment(payment.id);
  const money = (amount: string) => formatMoney(amount, payment.currency);
  return (
    <ConfirmDialog open={open} onClose={onClose} mutation={capture}
      form={{
        title: 'Capture payment',
        fields: ['amount'],
        render: ({ submit, close }) => (
          <CaptureForm payment={payment} busy={capture.isPending} serverError={fieldErrorOf(capture.error, 'amount')} onSubmit={submit} onCancel={close} />
        ),
      }}
      onDone={(updated) =>
        onDone(
          updated.status === 'success'
            ? { tone: 'success', message: `Captured ${money(updated.amount_captured)}.` }
            : { tone: 'info', message: `Capture submitted: the payment is ${updated.status.replace(/_/g, ' ')}.` },
        )
      }
      result={{
        title: 'Capture payment',
        render: (captured) => (
          <>
            <Notice tone={captured.status === 'success' ? 'success' : 'info'}>
              {captured.status === 'success' ? `Captured ${money(captured.amount_captured)}.` : 'Capture submitted.'}
            </Notice>
            <p className="flex items-center gap-2 text-sm text-slate-600">
              Payment status <StatusBadge status={captured.status} />
            </p>
          </>
        ),
      }}
    />
  );
}

function CaptureForm({
  payment,
  busy,
  serverError,
  onSubmit,
  onCancel,
}: {
  payment: PaymentDetail;
  busy: boolean;
  serverError: string | null;
  onSubmit: (input: { amount: string }) => void;
  onCancel: () => void;
}) {
  const authorized = decimalToMinor(payment.amount_capturable, payment.currency) > 0 ? payment.amount_capturable : payment.amount;
  const authorizedMinor = decimalToMinor(authorized, payment.currency);
  const money = (amount: string) => formatMoney(amount, payment.currency);
  const [amount, setAmount] = useState(authorized);
  const [fieldError, setFieldError] = useState<string | null>(null);

  const { problem, minor, amount: value } = checkTypedAmount(amount, payment.currency, authorizedMinor, money(authorized));
  const released = minor === null ? null : formatAmount(authorizedMinor - minor, payment.currency);
  const partial = minor !== null && minor < authorizedMinor;

  function submit(event: FormEvent) {
    event.preventDefault();
    setFieldError(problem);
    if (value) onSubmit({ amount: value });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
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
        error={fieldError ?? serverError}
        autoFocus
      />
      <DialogActions onCancel={onCancel} busy={busy}>
        <Button type="submit" disabled={busy}>
          {busy ? 'Capturing…' : value ? `Capture ${money(value)}` : 'Capture'}
        </Button>
      </DialogActions>
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
  const cancel = useCancelPayment(payment.id);
  const money = formatMoney(payment.amount, payment.currency);
  return (
    <ConfirmDialog open={open} onClose={onClose} mutation={cancel}
      form={{
        title: 'Cancel payment',
        render: ({ submit, close }) => (
          <CancelForm
            busy={cancel.isPending}
            explanation={
              payment.status === 'pending'
                ? `This ${money} payment is held for review. Cancelling it closes the review; the customer is not charged.`
                : `The authorization of ${money} is released and the customer is not charged.`
            }
            onSubmit={submit}
            onCancel={close}
          />
        ),
      }}
      onDone={(updated) =>
        onDone(
          updated.status === 'cancelled'
            ? { tone: 'success', message: `Payment of ${money} cancelled.` }
            : { tone: 'info', message: `Cancellation submitted: the payment is ${updated.status.replace(/_/g, ' ')}.` },
        )
      }
    />
  );
}

function CancelForm({ explanation, busy, onSubmit, onCancel }: { explanation: string; busy: boolean; onSubmit: (input: { reason: string }) => void; onCancel: () => void }) {
  const [reason, setReason] = useState(cancelReasons[0].value);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit({ reason });
  }
  return (
    <form onSubmit={submit} className="space-y-4">
      <p className="text-sm text-slate-600">{explanation} This cannot be undone.</p>
      <SelectField label="Reason" name="reason" options={cancelReasons} value={reason} onChange={(e) => setReason(e.target.value)} />
      <DialogActions cancel="Keep payment" onCancel={onCancel} busy={busy} autoFocusCancel>
        <Button type="submit" variant="danger" disabled={busy}>
          {busy ? 'Cancelling…' : 'Cancel payment'}
        </Button>
      </DialogActions>
    </form>
  );
}
