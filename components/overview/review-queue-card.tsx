'use client';

import { useOpenReviewCount } from '@/components/hooks/reviews';
import { QueryCard } from './query-card';

export function ReviewQueueCard() {
  const query = useOpenReviewCount();
  return (
    <QueryCard title="Review queue" href="/reviews" linkLabel="Open queue" what="the review queue" query={query}
      loading={
        <div aria-hidden className="flex items-baseline gap-3">
          <div className="h-8 w-10 animate-pulse rounded bg-slate-200" />
          <div className="h-3 w-40 animate-pulse rounded bg-slate-100" />
        </div>
      }
    >
      {({ count, more }) => (
        <p className="flex items-baseline gap-3">
          <span className="text-3xl font-semibold tracking-tight tabular-nums text-slate-900">{`${count}${more ? '+' : ''}`}</span>
          <span className="text-sm text-slate-500">
            {count === 0 ? 'nothing waiting for a decision' : count === 1 ? 'payment waiting for a decision' : 'payments waiting for a decision'}
          </span>
        </p>
      )}
    </QueryCard>
  );
}
