'use client';

import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/components/api';
import { formatMoney } from '@/lib/money/money';
import { useApproveReview, useRejectReview, type Review } from '@/components/hooks/reviews';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/states';

export type DecisionResult = { tone: 'success' | 'error' | 'info'; review: Review; message: string };

function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) {
    return error.code === 'review_already_decided' ? `${error.message} The queue has been refreshed.` : error.message;
  }
  return 'Could not reach Tillpoint. Check your connection and try again.';
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
  const [reasonError, setReasonError] = useState<string | null>(null);
  const approve = useApproveReview();
  const reject = useRejectReview();
  const amount = formatMoney(review.payment.amount, review.payment.currency);
  const who = review.payment.customer_email ?? review.payment.customer_id ?? 'a guest customer';

  function close() {
    setDialog(null);
    setReasonError(null);
    approve.reset();
    reject.reset();
  }

  // mutateAsync, not mutate's callbacks: the refetch after a decision removes this card from
  // the Open tab, and callbacks of an unmounted observer never run.
  async function confirmApprove() {
    try {
      const decided = await approve.mutateAsync({ id: review.id });
      close();
      onDecided(approvalOutcome(decided));
    } catch {
      // Shown in the dialog from approve.error.
    }
  }

  async function submitReject(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    if (!reason) {
      setReasonError('Enter a reason: it is recorded on the payment’s timeline.');
      return;
    }
    setReasonError(null);
    try {
      const decided = await reject.mutateAsync({ id: review.id, reason });
      close();
      onDecided({ tone: 'success', review: decided, message: `Rejected. The ${amount} payment was cancelled; the customer was not charged.` });
    } catch {
      // Shown in the dialog from reject.error.
    }
  }

  return (
    <>
      <div className="flex gap-2">
        <Button variant="secondary" onClick={() => setDialog('reject')}>
          Reject
        </Button>
        <Button onClick={() => setDialog('approve')}>Approve</Button>
      </div>

      <Dialog open={dialog === 'approve'} onClose={close} title="Approve this payment?">
        <p className="text-sm text-slate-600">
          The <span className="font-medium text-slate-900">{amount}</span> payment from {who} goes to the processor now. It succeeds or
          fails just as it would have without a review.
        </p>
        {approve.isError && (
          <div className="mt-4">
            <Notice tone="error">{errorMessage(approve.error)}</Notice>
          </div>
        )}
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button onClick={confirmApprove} disabled={approve.isPending}>
            {approve.isPending ? 'Approving…' : 'Approve payment'}
          </Button>
        </div>
      </Dialog>

      <Dialog open={dialog === 'reject'} onClose={close} title="Reject this payment?">
        <form onSubmit={submitReject} noValidate>
          <p className="text-sm text-slate-600">
            The <span className="font-medium text-slate-900">{amount}</span> payment from {who} is cancelled and never reaches the
            processor.
          </p>
          <TextField
            label="Reason"
            name="reason"
            className="mt-4"
            required
            maxLength={500}
            autoFocus
            placeholder="e.g. Card used by several customers today"
            hint="Recorded on the payment’s timeline and shown in the Rejected tab."
            error={reasonError}
          />
          {reject.isError && (
            <div className="mt-4">
              <Notice tone="error">{errorMessage(reject.error)}</Notice>
            </div>
          )}
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={reject.isPending}>
              {reject.isPending ? 'Rejecting…' : 'Reject payment'}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
