import Link from 'next/link';
import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';

/** An overview card that leads to the page with the rest ("All alerts →"). */
export function LinkedCard({ title, href, linkLabel, children }: { title: string; href: string; linkLabel: string; children: ReactNode }) {
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
      {children}
    </Card>
  );
}

/** A small card's error: one line and a way to try again, instead of the full error box. */
export function CardLoadError({ what, onRetry }: { what: string; onRetry: () => void }) {
  return (
    <p className="text-sm text-rose-700">
      Couldn’t load {what}.{' '}
      <button type="button" className="font-medium underline" onClick={onRetry}>
        Try again
      </button>
    </p>
  );
}
