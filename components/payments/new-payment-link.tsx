'use client';

import Link from 'next/link';
import { useCan } from '@/components/layout/current-user';

/** Shown only to roles that may create payments. */
export function NewPaymentLink() {
  if (!useCan('payments:create')) return null;
  return (
    <Link
      href="/payments/new"
      className="inline-flex items-center justify-center gap-1.5 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      <span aria-hidden>+</span> New test payment
    </Link>
  );
}
