'use client';

import { useRouter } from 'next/navigation';
import type { MouseEvent } from 'react';

/**
 * Props for a table row that opens `href` when clicked anywhere. The row's own link stays the
 * real target for keyboards, screen readers and "open in new tab"; clicks on a link or button
 * inside the row, and the click that ends a text selection, are left alone.
 */
export function useRowLink() {
  const router = useRouter();
  return (href: string) => ({
    className: 'cursor-pointer hover:bg-slate-50',
    onClick(event: MouseEvent<HTMLTableRowElement>) {
      if ((event.target as HTMLElement).closest('a, button')) return;
      if (window.getSelection()?.toString()) return;
      if (event.metaKey || event.ctrlKey) window.open(href, '_blank', 'noopener');
      else router.push(href);
    },
  });
}
