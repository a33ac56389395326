'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useAcknowledgeAlert, useAlerts, type Alert } from '@/components/hooks/alerts';
import { useCan } from '@/components/layout/current-user';
import { Badge, type Tone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { apiErrorMessage } from '@/components/ui/api-error-message';
import { QueryState } from '@/components/ui/query-state';
import { SegmentedTabs } from '@/components/ui/segmented-tabs';
import { EmptyState, Notice } from '@/components/ui/states';
import { formatDateTime } from '@/components/dates';
import { alertTypeLabels } from './alert-labels';
import { AlertRulesCard } from './alert-rules-card';

const statusTone: Record<Alert['status'], Tone> = { open: 'red', acknowledged: 'amber', resolved: 'green' };

const filters = [
  { value: '', label: 'All' },
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'resolved', label: 'Resolved' },
] as const;

export function AlertsView() {
  const [status, setStatus] = useState<'' | Alert['status']>('');
  const alerts = useAlerts(status);
  const acknowledge = useAcknowledgeAlert();
  const canAcknowledge = useCan('alerts:acknowledge');
  const [error, setError] = useState<string | null>(null);

  return (
    <div className="space-y-6">
      <SegmentedTabs label="Alert status" tabs={filters} value={status} onChange={setStatus} />
      {error && <Notice tone="error">{error}</Notice>}
      <QueryState
        query={alerts}
        loading="Loading alerts…"
        empty={
          <EmptyState title={status ? `No ${status} alerts` : 'No alerts yet'}>
            Tillpoint raises an alert when the failure rate spikes, a large payment arrives or the review queue backs up.
          </EmptyState>
        }
      >
        {({ data }) => (
          <ul className="space-y-3" aria-label="Alerts">
            {data.map((alert) => (
              <li key={alert.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label={alertTypeLabels[alert.type]}>
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <div className="flex items-center gap-2">
                      <h3 className="text-sm font-semibold text-slate-900">{alertTypeLabels[alert.type]}</h3>
                      <Badge tone={statusTone[alert.status]}>{alert.status.charAt(0).toUpperCase() + alert.status.slice(1)}</Badge>
                    </div>
                    <p className="mt-1 text-sm text-slate-700">{alert.message}</p>
                    {alert.payment && (
                      <Link href={`/payments/${alert.payment}`} className="mt-1 inline-block text-sm font-medium text-indigo-600 hover:underline">
                        View payment {alert.payment}
                      </Link>
                    )}
                    <p className="mt-2 text-xs text-slate-500">
                      Opened {formatDateTime(alert.opened)}
                      {alert.acknowledged && ` · acknowledged by ${alert.acknowledged_by} ${formatDateTime(alert.acknowledged)}`}
                      {alert.resolved && ` · resolved ${formatDateTime(alert.resolved)}`}
                    </p>
                  </div>
                  {alert.status === 'open' && canAcknowledge && (
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={acknowledge.isPending}
                      onClick={() => {
                        setError(null);
                        acknowledge.mutate(alert.id, {
                          onError: (e) => setError(apiErrorMessage(e, 'Could not acknowledge the alert.')),
                        });
                      }}
                    >
                      Acknowledge
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
      <AlertRulesCard />
    </div>
  );
}
