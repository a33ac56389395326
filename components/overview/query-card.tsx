import Link from 'next/link';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';
import { QueryState, type QueryLike } from '@/components/ui/query-state';

/**
 * A small overview card over one query, leading to the page with the rest ("All alerts →").
 * It fails quietly: one line and a way to try again, not the full error box.
 */
export function QueryCard<T>({
  title,
  href,
  linkLabel,
  what,
  query,
  loading,
  empty,
  children,
}: {
  title: string;
  href: string;
  linkLabel: string;
  /** What could not load ("alerts"). */
  what: string;
  query: QueryLike<T>;
  loading: ReactNode;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  return (
    <Card
      title={title}
      actions={
        <Link
          href={href}
          className="rounded text-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          {linkLabel} <span aria-hidden>→</span>
        </Link>
      }
    >
      <QueryState
        query={query}
        loading={loading}
        empty={empty}
        error={(_, retry) => (
          <p className="text-sm text-rose-700">
            Couldn’t load {what}.{' '}
            <button type="button" className="font-medium underline" onClick={retry}>
              Try again
            </button>
          </p>
        )}
      >
        {children}
      </QueryState>
    </Card>
  );
}
