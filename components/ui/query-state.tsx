import type { ReactNode } from 'react';
import { isNotFound } from './api-error-message';
import { ErrorState, Loading } from './states';

/** The part of a TanStack query (plain or infinite) that decides what to show. */
export type QueryLike<T> = { data: T | undefined; isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };

type Rows = { data: unknown[] };

/** A list with no rows, or every loaded page of one empty. */
function noRows(data: unknown): boolean {
  const pages = (data as { pages?: Rows[] }).pages;
  if (pages) return pages.every((page) => page.data.length === 0);
  const rows = (data as Partial<Rows>).data;
  return Array.isArray(rows) && rows.length === 0;
}

/**
 * Loading, error and empty states for a query, then `children` with its data: every list and
 * detail view says the same thing in the same way while it waits or when it cannot load.
 */
export function QueryState<T>({
  query,
  loading,
  empty,
  isEmpty = noRows,
  notFound,
  error,
  keepDataOnError = false,
  children,
}: {
  query: QueryLike<T>;
  /** A label for the spinner, or a skeleton shaped like what is coming. */
  loading: string | ReactNode;
  /** Shown instead of `children` when `isEmpty` (by default: a list with no rows). */
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  /** Shown instead of the error for a 404. */
  notFound?: ReactNode;
  /** A different error view (small cards); by default an error box with "Try again". */
  error?: (error: unknown, retry: () => void) => ReactNode;
  /** Paged lists keep the rows already shown when a later page or refresh fails (they say so below them). */
  keepDataOnError?: boolean;
  children: (data: T) => ReactNode;
}) {
  const retry = () => void query.refetch();
  if (query.isPending) return typeof loading === 'string' ? <Loading label={loading} /> : <>{loading}</>;
  if (query.isError && !(keepDataOnError && query.data !== undefined)) {
    if (notFound && isNotFound(query.error)) return <>{notFound}</>;
    return <>{error ? error(query.error, retry) : <ErrorState error={query.error} onRetry={retry} />}</>;
  }
  const data = query.data as T;
  if (empty !== undefined && isEmpty(data)) return <>{empty}</>;
  return <>{children(data)}</>;
}
