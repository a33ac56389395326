'use client';

import Link from 'next/link';
import { alertTypeLabels } from '@/components/alerts/alert-labels';
import { formatDateTime } from '@/components/dates';
import { useAlerts } from '@/components/hooks/alerts';
import { QueryCard } from './query-card';

const SHOWN = 3;

/** Open (unacknowledged) alerts from monitoring: the latest few, and the way to the rest. */
export function AlertsCard() {
  const alerts = useAlerts('open');
  return (
    <QueryCard title="Open alerts" href="/alerts" linkLabel="All alerts" what="alerts" query={alerts}
      loading={
        <div aria-hidden className="space-y-2">
          <div className="h-3 w-full animate-pulse rounded bg-slate-100" />
          <div className="h-3 w-2/3 animate-pulse rounded bg-slate-100" />
        </div>
      }
      empty={
        <div className="flex items-start gap-2.5 text-sm text-slate-600">
          <span aria-hidden className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-emerald-500" />
          <p>No open alerts. Monitoring is watching failure rates, large payments and the review backlog.</p>
        </div>
      }
    >
      {({ data: open }) => (
        <>
          <ul className="space-y-3">
            {open.slice(0, SHOWN).map((alert) => (
              <li key={alert.id} className="flex gap-2.5">
                <span aria-hidden className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-rose-500" />
                <div className="min-w-0">
                  <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{alertTypeLabels[alert.type]}</p>
                  <p className="line-clamp-2 text-sm text-slate-900">{alert.message}</p>
                  <p className="text-xs text-slate-500">
                    {formatDateTime(alert.opened)}
                    {alert.payment && (
                      <>
                        {' · '}
                        <Link href={`/payments/${alert.payment}`} className="font-medium text-indigo-600 hover:underline">
                          View payment
                        </Link>
                      </>
                    )}
                  </p>
                </div>
              </li>
            ))}
          </ul>
          {open.length > SHOWN && <p className="mt-3 text-xs text-slate-500">and {open.length - SHOWN} more</p>}
        </>
      )}
    </QueryCard>
  );
}
