import { Button } from './button';

type Paged = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };

/**
 * The foot of every paged list, worded the same everywhere: how many rows are shown ("Showing
 * 25 payments", or "12 payments" once all are in) and, while more exist, "Load more".
 */
export function LoadMore({ query, shown, noun, className = 'mt-3' }: { query: Paged; shown: number; noun: [one: string, many: string]; className?: string }) {
  const counted = `${shown.toLocaleString('en-US')} ${shown === 1 ? noun[0] : noun[1]}`;
  return (
    <div className={`flex items-center justify-between gap-3 text-sm text-slate-600 ${className}`}>
      <p aria-live="polite">{query.hasNextPage ? `Showing ${counted}` : counted}</p>
      {query.hasNextPage && (
        <Button variant="secondary" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </Button>
      )}
    </div>
  );
}
