'use client';

import Link from 'next/link';
import { useOpenReviewCount } from '@/components/hooks/reviews';
import { Card } from '@/components/ui/card';

export function ReviewQueueCard() {
  const query = useOpenReviewCount();
  const count = query.data ? `${query.data.count}${query.data.more ? '+' : ''}` : null;
  return (
    <Card
      title="Review queue"
      actions={
        <Link
          href="/reviews"
          className="rounded text-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Open queue <span aria-hidden>→</span>
        </Link>
      }
    >
      {query.isPending ? (
        <div aria-hidden className="flex items-baseline gap-3">
          <div className="h-8 w-10 animate-pulse rounded bg-slate-200" />
          <div className="h-3 w-40 animate-pulse rounded bg-slate-100" />
        </div>
      ) : query.isError ? (
        <p className="text-sm text-rose-700">
          Couldn’t load the review queue.{' '}
          <button type="button" className="font-medium underline" onClick={() => query.refetch()}>
            Try again
          </button>
        </p>
      ) : (
        <p className="flex items-baseline gap-3">
          <span className="text-3xl font-semibold tracking-tight tabular-nums text-slate-900">{count}</span>
          <span className="text-sm text-slate-500">
            {query.data.count === 0 ? 'nothing waiting for a decision' : query.data.count === 1 ? 'payment waiting for a decision' : 'payments waiting for a decision'}
          </span>
        </p>
      )}
    </Card>
  );
}
