'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { CurrentUser } from '@/lib/http/current-user';
import type { Permission } from '@/lib/security/permissions';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { useOpenAlertCount } from '@/components/hooks/alerts';

const links: { href: string; label: string; permission: Permission }[] = [
  { href: '/overview', label: 'Overview', permission: 'payments:read' },
  { href: '/payments', label: 'Payments', permission: 'payments:read' },
  { href: '/payments/new', label: 'New test payment', permission: 'payments:create' },
  { href: '/reviews', label: 'Reviews', permission: 'payments:read' },
  { href: '/alerts', label: 'Alerts', permission: 'payments:read' },
  { href: '/risk', label: 'Risk', permission: 'risk:manage' },
  { href: '/balances', label: 'Balances & payouts', permission: 'payments:read' },
  { href: '/reconciliation', label: 'Reconciliation', permission: 'payments:read' },
  { href: '/developers', label: 'Developers', permission: 'developers:manage' },
  { href: '/team', label: 'Team', permission: 'team:manage' },
];

/** The bell: how many alerts nobody has acknowledged yet. */
function OpenAlertBadge() {
  const { data } = useOpenAlertCount();
  if (!data) return null;
  return (
    <span aria-label={`${data} open alerts`} className="ml-auto rounded-full bg-rose-600 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white">
      {data}
    </span>
  );
}

export function Sidebar({ user }: { user: CurrentUser }) {
  const pathname = usePathname();
  const active = (href: string) =>
    pathname === href || (href === '/payments' ? /^\/payments\/(?!new)/.test(pathname) : pathname.startsWith(`${href}/`));
  return (
    <aside className="flex w-60 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="px-5 py-5">
        <Link href="/overview" className="text-lg font-semibold tracking-tight text-indigo-700">
          Tillpoint
        </Link>
        <p className="mt-0.5 truncate text-xs text-slate-500">{user.merchantName}</p>
        <span className="mt-2 inline-block rounded bg-amber-100 px-1.5 py-0.5 text-[10px] font-semibold uppercase tracking-wide text-amber-800">
          Test mode
        </span>
      </div>
      <nav aria-label="Main" className="flex-1 px-3">
        <ul className="space-y-0.5">
          {links
            .filter((l) => user.permissions.includes(l.permission))
            .map((l) => (
              <li key={l.href}>
                <Link
                  href={l.href}
                  aria-current={active(l.href) ? 'page' : undefined}
                  className="flex items-center rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700"
                >
                  {l.label}
                  {l.href === '/alerts' && <OpenAlertBadge />}
                </Link>
              </li>
            ))}
        </ul>
      </nav>
      <div className="border-t border-slate-200 px-5 py-4">
        <p className="truncate text-sm font-medium text-slate-900">{user.email}</p>
        <p className="mb-2 text-xs capitalize text-slate-500">{user.role}</p>
        <SignOutButton />
      </div>
    </aside>
  );
}
