'use client';

import Link from 'next/link';
import { formatDateTime } from '@/components/dates';
import { useAlerts } from '@/components/hooks/alerts';
import { Card } from '@/components/ui/card';

const SHOWN = 3;

/** Open (unacknowledged) alerts from monitoring: the latest few, and the way to the rest. */
export function AlertsCard() {
  const alerts = useAlerts('open');
  const open = alerts.data?.data ?? [];
  return (
    <Card
      title="Open alerts"
      actions={
        <Link
          href="/alerts"
          className="rounded text-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          All alerts <span aria-hidden>→</span>
        </Link>
      }
    >
      {alerts.isPending ? (
        <div aria-hidden className="space-y-2">
          <div className="h-3 w-full animate-pulse rounded bg-slate-100" />
          <div className="h-3 w-2/3 animate-pulse rounded bg-slate-100" />
        </div>
      ) : alerts.isError ? (
        <p className="text-sm text-rose-700">
          Couldn’t load alerts.{' '}
          <button type="button" className="font-medium underline" onClick={() => alerts.refetch()}>
            Try again
          </button>
        </p>
      ) : open.length === 0 ? (
        <div className="flex items-start gap-2.5 text-sm text-slate-600">
          <span aria-hidden className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-emerald-500" />
          <p>No open alerts. Monitoring is watching failure rates, large payments and the review backlog.</p>
        </div>
      ) : (
        <>
          <ul className="space-y-3">
            {open.slice(0, SHOWN).map((alert) => (
              <li key={alert.id} className="flex gap-2.5">
                <span aria-hidden className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-rose-500" />
                <div className="min-w-0">
                  <p className="line-clamp-2 text-sm text-slate-900">{alert.message}</p>
                  <p className="text-xs text-slate-500">{formatDateTime(alert.opened)}</p>
                </div>
              </li>
            ))}
          </ul>
          {open.length > SHOWN && <p className="mt-3 text-xs text-slate-500">and {open.length - SHOWN} more</p>}
        </>
      )}
    </Card>
  );
}
