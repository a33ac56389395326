'use client';

import { useOpenReviewCount } from '@/components/hooks/reviews';
import { QueryState } from '@/components/ui/query-state';
import { CardLoadError, LinkedCard } from './linked-card';

export function ReviewQueueCard() {
  const query = useOpenReviewCount();
  return (
    <LinkedCard title="Review queue" href="/reviews" linkLabel="Open queue">
      <QueryState
        query={query}
        loading={
          <div aria-hidden className="flex items-baseline gap-3">
            <div className="h-8 w-10 animate-pulse rounded bg-slate-200" />
            <div className="h-3 w-40 animate-pulse rounded bg-slate-100" />
          </div>
        }
        error={(_, retry) => <CardLoadError what="the review queue" onRetry={retry} />}
      >
        {({ count, more }) => (
          <p className="flex items-baseline gap-3">
            <span className="text-3xl font-semibold tracking-tight tabular-nums text-slate-900">{`${count}${more ? '+' : ''}`}</span>
            <span className="text-sm text-slate-500">
              {count === 0 ? 'nothing waiting for a decision' : count === 1 ? 'payment waiting for a decision' : 'payments waiting for a decision'}
            </span>
          </p>
        )}
      </QueryState>
    </LinkedCard>
  );
}
