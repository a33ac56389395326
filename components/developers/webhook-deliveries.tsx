'use client';

import { useState } from 'react';
import { useEvent, useEventsById, useResendEvent, useWebhookDeliveries, type WebhookDelivery, type WebhookEndpoint } from '@/components/hooks/webhooks';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { LoadMore } from '@/components/ui/load-more';
import { QueryState } from '@/components/ui/query-state';
import { EmptyState, ErrorNotice, Notice } from '@/components/ui/states';
import { Table, Td } from '@/components/ui/table';
import { DeliveryStatusBadge, JsonBlock, StatusCode, Time, fromNow, rowButton } from './webhook-parts';

/** An endpoint's deliveries, newest first; each opens its attempts and payload. */
export function DeliveriesPanel({ endpoint }: { endpoint: WebhookEndpoint }) {
  const deliveries = useWebhookDeliveries(endpoint.id);
  const all = deliveries.data?.pages.flatMap((p) => p.data) ?? [];
  const events = useEventsById(all.map((d) => d.event));
  const [openId, setOpenId] = useState<string | null>(null);
  // Only a refresh asked for by hand says so; the background polling stays quiet.
  const [refreshing, setRefreshing] = useState(false);
  const open = all.find((d) => d.id === openId) ?? null;

  return (
    <div>
      <div className="mb-3 flex items-center justify-between gap-4">
        <h4 className="text-sm font-semibold text-slate-900">Deliveries</h4>
        <Button
          variant="secondary"
          size="sm"
          disabled={refreshing}
          onClick={() => {
            setRefreshing(true);
            deliveries.refetch().finally(() => setRefreshing(false));
          }}
        >
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </Button>
      </div>
      <QueryState
        query={deliveries}
        loading="Loading deliveries…"
        keepDataOnError
        empty={
          <EmptyState title="No deliveries yet">
            {endpoint.status === 'enabled'
              ? 'Events this endpoint subscribes to show up here within a second or two of happening.'
              : 'This endpoint is disabled: enable it to receive events.'}
          </EmptyState>
        }
      >
        {() => (
          <>
            <Table label="Webhook deliveries" columns={['Event', 'Status', { label: 'Attempts', className: 'text-right' }, 'Last response', 'Next attempt', 'Created']}>
              {all.map((delivery) => {
                const type = events.get(delivery.event)?.type;
                return (
                  <tr key={delivery.id} className="cursor-pointer hover:bg-slate-50" onClick={() => setOpenId(delivery.id)}>
                    <Td>
                      <button
                        type="button"
                        className={`${rowButton} block`}
                        aria-label={`View delivery of ${type ?? delivery.event}`}
                        onClick={(e) => {
                          e.stopPropagation();
                          setOpenId(delivery.id);
                        }}
                      >
                        {type ?? <span className="text-slate-400">Loading event…</span>}
                      </button>
                      <span className="mt-0.5 flex items-center gap-2 font-mono text-xs text-slate-500">
                        {delivery.event}
                        {delivery.trigger === 'resend' && <Badge tone="blue">Resent</Badge>}
                      </span>
                    </Td>
                    <Td>
                      <DeliveryStatusBadge delivery={delivery} />
                    </Td>
                    <Td className="text-right tabular-nums">{delivery.attempt_count}</Td>
                    <Td>
                      <StatusCode code={delivery.last_status_code} />
                      {delivery.last_status_code === null && delivery.last_error && (
                        <span className="ml-2 inline-block max-w-[12rem] truncate align-middle text-xs text-rose-700" title={delivery.last_error}>
                          {delivery.last_error}
                        </span>
                      )}
                    </Td>
                    <Td className="text-slate-500">
                      {delivery.next_attempt ? (
                        <span title={new Date(delivery.next_attempt).toLocaleString()}>{fromNow(delivery.next_attempt)}</span>
                      ) : (
                        <span className="text-slate-300">—</span>
                      )}
                    </Td>
                    <Td className="text-slate-500">
                      <Time iso={delivery.created} />
                    </Td>
                  </tr>
                );
              })}
            </Table>
            <ErrorNotice error={deliveries.error} className="mt-3" />
            <LoadMore query={deliveries} shown={all.length} noun={['delivery', 'deliveries']} />
          </>
        )}
      </QueryState>
      <DeliveryDialog delivery={open} endpoint={endpoint} type={open ? events.get(open.event)?.type : undefined} onClose={() => setOpenId(null)} />
    </div>
  );
}

function DeliveryDialog({ delivery, endpoint, type, onClose }: { delivery: WebhookDelivery | null; endpoint: WebhookEndpoint; type?: string; onClose: () => void }) {
  const event = useEvent(delivery?.event ?? null);
  const resend = useResendEvent();
  function close() {
    resend.reset();
    onClose();
  }
  return (
    <Dialog open={delivery !== null} onClose={close} size="lg" title={`Delivery of ${type ?? 'event'}`}>
      {delivery && (
        <div className="space-y-5">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-xs text-slate-500">Status</dt>
              <dd className="mt-0.5">
                <DeliveryStatusBadge delivery={delivery} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Event</dt>
              <dd className="mt-0.5 break-all font-mono text-xs text-slate-900">{delivery.event}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Delivery</dt>
              <dd className="mt-0.5 break-all font-mono text-xs text-slate-900">{delivery.id}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Created</dt>
              <dd className="mt-0.5 text-slate-900">
                <Time iso={delivery.created} />
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">{delivery.completed ? 'Completed' : 'Next attempt'}</dt>
              <dd className="mt-0.5 text-slate-900">
                {delivery.completed ? <Time iso={delivery.completed} /> : delivery.next_attempt ? fromNow(delivery.next_attempt) : '—'}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Trigger</dt>
              <dd className="mt-0.5 text-slate-900">{delivery.trigger === 'resend' ? 'Resent by hand' : 'Event'}</dd>
            </div>
          </dl>

          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Attempts</h3>
            {delivery.attempts.length === 0 ? (
              <p className="rounded-md border border-dashed border-slate-300 px-3 py-3 text-sm text-slate-500">
                Not attempted yet{delivery.next_attempt ? `: the first attempt is due ${fromNow(delivery.next_attempt)}` : ''}.
              </p>
            ) : (
              <ol aria-label="Attempts" className="space-y-2">
                {[...delivery.attempts].reverse().map((attempt) => (
                  <li key={attempt.attempt} className="rounded-md border border-slate-200 px-3 py-2">
                    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                      <span className="font-medium text-slate-900">Attempt {attempt.attempt}</span>
                      <StatusCode code={attempt.status_code} />
                      <span className="tabular-nums text-slate-600">{attempt.duration_ms} ms</span>
                      <span className="text-slate-500">
                        <Time iso={attempt.created} />
                      </span>
                      {attempt.succeeded ? <span className="text-emerald-700">Succeeded</span> : <span className="text-rose-700">Failed</span>}
                    </div>
                    {attempt.error && <p className="mt-1 text-xs text-rose-700">{attempt.error}</p>}
                    {attempt.response_body ? (
                      <pre className="mt-1.5 max-h-24 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 px-2 py-1 font-mono text-xs text-slate-700">
                        {attempt.response_body}
                      </pre>
                    ) : (
                      <p className="mt-1 text-xs text-slate-400">No response body.</p>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </div>

          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Payload</h3>
            <QueryState query={event} loading="Loading payload…">
              {(payload) => <JsonBlock value={payload} label="Event payload" />}
            </QueryState>
          </div>

          {resend.isSuccess && (
            <Notice tone="success">
              Queued a new delivery of {delivery.event}. It shows up in the list within a few seconds.
            </Notice>
          )}
          <ErrorNotice error={resend.error} />
          <div className="flex items-center justify-end gap-2">
            {endpoint.status !== 'enabled' && <p className="mr-auto text-xs text-slate-500">Enable the endpoint to resend to it.</p>}
            <Button variant="secondary" onClick={close}>
              Close
            </Button>
            <Button
              disabled={resend.isPending || endpoint.status !== 'enabled'}
              onClick={() => resend.mutate({ eventId: delivery.event, endpoint: endpoint.id })}
            >
              {resend.isPending ? 'Resending…' : 'Resend'}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
