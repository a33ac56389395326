import type { ReactNode } from 'react';
import { Button } from './button';

type Paged = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };

/** The next page of an infinite list, on request (with a note beside it); nothing once the last page is in. */
export function LoadMore({ query, className = 'mt-3', children }: { query: Paged; className?: string; children?: ReactNode }) {
  if (!query.hasNextPage) return null;
  return (
    <div className={`flex items-center justify-center gap-3 ${className}`}>
      <Button variant="secondary" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
        {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
      </Button>
      {children}
    </div>
  );
}
