'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiRequestError } from '@/components/api';
import { formatMoney } from '@/lib/money/money';
import { useApproveReview, useRejectReview, type Review } from '@/components/hooks/reviews';
import { Button } from '@/components/ui/button';
import { ConfirmDialog, DialogActions, type DialogMutation } from '@/components/ui/confirm-dialog';
import { TextField } from '@/components/ui/field';

export type DecisionResult = { tone: 'success' | 'error' | 'info'; review: Review; message: string };

/** A decision someone else already made: say so, and that the queue now shows it. */
function explained<I, R>(mutation: DialogMutation<I, R>): DialogMutation<I, R> {
  const error = mutation.error;
  if (!(error instanceof ApiRequestError && error.code === 'review_already_decided')) return mutation;
  return { ...mutation, error: new ApiRequestError(error.status, { type: 'invalid_request_error', code: error.code, message: `${error.message} The queue has been refreshed.` }) };
}

/** What happened to the payment after approval: the processor still has the last word. */
function approvalOutcome(review: Review): DecisionResult {
  const p = review.payment;
  const amount = formatMoney(p.amount, p.currency);
  if (p.status === 'success') return { tone: 'success', review, message: `Approved. The ${amount} payment succeeded.` };
  if (p.status === 'failed') {
    return { tone: 'error', review, message: `Approved, but the processor declined the ${amount} payment: ${p.failure_message ?? p.failure_code ?? 'no reason given'}.` };
  }
  return { tone: 'info', review, message: `Approved. The ${amount} payment is ${p.status === 'processing' ? 'processing and will settle shortly' : p.status}.` };
}

export function ReviewActions({ review, onDecided }: { review: Review; onDecided: (result: DecisionResult) => void }) {
  const [dialog, setDialog] = useState<'approve' | 'reject' | null>(null);
  const approve = useApproveReview();
  const reject = useRejectReview();
  const amount = formatMoney(review.payment.amount, review.payment.currency);
  const who = review.payment.customer_email ?? review.payment.customer_id ?? 'a guest customer';
  const close = () => setDialog(null);

  return (
    <>
      <div className="flex gap-2">
        <Button variant="secondary" onClick={() => setDialog('reject')}>
          Reject
        </Button>
        <Button onClick={() => setDialog('approve')}>Approve</Button>
      </div>

      <ConfirmDialog open={dialog === 'approve'} onClose={close} mutation={explained(approve)} input={{ id: review.id }}
        confirm={() => ({
          title: 'Approve this payment?',
          body: (
            <p>
              The <span className="font-medium text-slate-900">{amount}</span> payment from {who} goes to the processor now. It succeeds or fails just as it would
              have without a review.
            </p>
          ),
          action: 'Approve payment',
          pending: 'Approving…',
        })}
        onDone={(decided) => onDecided(approvalOutcome(decided))}
      />

      <ConfirmDialog open={dialog === 'reject'} onClose={close} mutation={explained(reject)}
        form={{
          title: 'Reject this payment?',
          render: ({ submit, close }) => (
            <RejectForm
              busy={reject.isPending}
              explanation={
                <>
                  The <span className="font-medium text-slate-900">{amount}</span> payment from {who} is cancelled and never reaches the processor.
                </>
              }
              onSubmit={(reason) => submit({ id: review.id, reason })}
              onCancel={close}
            />
          ),
        }}
        onDone={(decided) => onDecided({ tone: 'success', review: decided, message: `Rejected. The ${amount} payment was cancelled; the customer was not charged.` })}
      />
    </>
  );
}

function RejectForm({ explanation, busy, onSubmit, onCancel }: { explanation: ReactNode; busy: boolean; onSubmit: (reason: string) => void; onCancel: () => void }) {
  const [reasonError, setReasonError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    if (!reason) {
      setReasonError('Enter a reason: it is recorded on the payment’s timeline.');
      return;
    }
    setReasonError(null);
    onSubmit(reason);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <p className="text-sm text-slate-600">{explanation}</p>
      <TextField
        label="Reason"
        name="reason"
        required
        maxLength={500}
        autoFocus
        placeholder="e.g. Card used by several customers today"
        hint="Recorded on the payment’s timeline and shown in the Rejected tab."
        error={reasonError}
      />
      <DialogActions onCancel={onCancel} busy={busy}>
        <Button type="submit" variant="danger" disabled={busy}>
          {busy ? 'Rejecting…' : 'Reject payment'}
        </Button>
      </DialogActions>
    </form>
  );
}
