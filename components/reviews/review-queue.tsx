'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useOpenReviewCount, useReviews, type ReviewStatus } from '@/components/hooks/reviews';
import { useCan } from '@/components/layout/current-user';
import { PageHeader } from '@/components/ui/card';
import { LoadMore } from '@/components/ui/load-more';
import { QueryState } from '@/components/ui/query-state';
import { EmptyState, Skeleton, Notice } from '@/components/ui/states';
import type { DecisionResult } from './review-actions';
import { ReviewCard } from './review-card';
import { PANEL_ID, ReviewTabs, tabId } from './review-tabs';

const empty: Record<ReviewStatus, { title: string; body: string }> = {
  open: {
    title: 'No payments waiting for review',
    body: 'Payments whose risk score reaches your review threshold are held here until someone approves or rejects them.',
  },
  approved: { title: 'No approved reviews yet', body: 'Payments you approve from the queue are listed here.' },
  rejected: { title: 'No rejected reviews yet', body: 'Payments you reject from the queue are listed here with the reason.' },
};

export function ReviewQueue({ initialStatus }: { initialStatus: ReviewStatus }) {
  const [status, setStatus] = useState<ReviewStatus>(initialStatus);
  const [result, setResult] = useState<DecisionResult | null>(null);
  const canDecide = useCan('reviews:decide');
  const reviews = useReviews(status);
  const openCount = useOpenReviewCount();

  useEffect(() => {
    window.history.replaceState(null, '', status === 'open' ? window.location.pathname : `?status=${status}`);
  }, [status]);

  const count = openCount.data && openCount.data.count > 0 ? `${openCount.data.count}${openCount.data.more ? '+' : ''}` : null;

  return (
    <>
      <PageHeader
        title="Reviews"
        description={
          canDecide
            ? 'Payments held by risk rules. Approve to send one to the processor, or reject to cancel it.'
            : 'Payments held by risk rules. Your role can view the queue; the owner or support staff decide.'
        }
      />
      {result && (
        <div className="mb-4">
          <Notice tone={result.tone}>
            <span className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
              <span>{result.message}</span>
              <span className="flex items-center gap-3">
                <Link href={`/payments/${result.review.payment.id}`} className="font-medium underline underline-offset-2">
                  View payment
                </Link>
                <button type="button" className="font-medium underline underline-offset-2" onClick={() => setResult(null)}>
                  Dismiss
                </button>
              </span>
            </span>
          </Notice>
        </div>
      )}
      <ReviewTabs
        value={status}
        onChange={setStatus}
        badges={{
          open: count && (
            <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium tabular-nums text-amber-800">
              {count}
              <span className="sr-only"> waiting</span>
            </span>
          ),
        }}
      />
      <div role="tabpanel" id={PANEL_ID} aria-labelledby={tabId(status)} className="pt-6">
        <QueryState query={reviews} loading={<ListSkeleton />} empty={<EmptyState title={empty[status].title}>{empty[status].body}</EmptyState>}>
          {({ pages }) => {
            const shown = pages.flatMap((p) => p.data);
            return (
              <div className="space-y-4">
                {shown.map((review) => (
                  <ReviewCard key={review.id} review={review} canDecide={canDecide} onDecided={setResult} />
                ))}
                <LoadMore query={reviews} shown={shown.length} noun={['review', 'reviews']} className="pt-2" />
              </div>
            );
          }}
        </QueryState>
      </div>
    </>
  );
}

function ListSkeleton() {
  return (
    <Skeleton label="Loading reviews…">
      {[0, 1].map((i) => (
        <div key={i} aria-hidden className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
          <div className="h-5 w-32 animate-pulse rounded bg-slate-200" />
          <div className="mt-2 h-3 w-64 animate-pulse rounded bg-slate-100" />
          <div className="mt-6 grid grid-cols-5 gap-6">
            <div className="col-span-3 space-y-2">
              <div className="h-3 w-full animate-pulse rounded bg-slate-100" />
              <div className="h-3 w-4/5 animate-pulse rounded bg-slate-100" />
            </div>
            <div className="col-span-2 space-y-2">
              <div className="h-3 w-full animate-pulse rounded bg-slate-100" />
              <div className="h-3 w-3/5 animate-pulse rounded bg-slate-100" />
            </div>
          </div>
        </div>
      ))}
    </Skeleton>
  );
}
