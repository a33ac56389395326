import Link from 'next/link';
import type { ReactNode } from 'react';
import { PageHeader } from '@/components/ui/card';

/** A page the signed-in role may not use: say so politely instead of showing a broken page. */
export function NoAccess({
  title,
  heading = `You don’t have access to ${title}`,
  back = { href: '/overview', label: 'Back to overview' },
  children,
}: {
  title: string;
  heading?: string;
  back?: { href: string; label: string };
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title} />
      <div className="rounded-lg border border-slate-200 bg-white px-6 py-14 text-center shadow-sm">
        <h2 className="text-base font-semibold text-slate-900">{heading}</h2>
        <p className="mx-auto mt-2 max-w-md text-sm text-slate-600">{children}</p>
        <Link
          href={back.href}
          className="mt-6 inline-flex items-center rounded-md bg-white px-3.5 py-2 text-sm font-medium text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          {back.label}
        </Link>
      </div>
    </>
  );
}
