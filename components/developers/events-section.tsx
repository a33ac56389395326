'use client';

import { useState } from 'react';
import { useEvents, useResendEvent, type TillpointEvent } from '@/components/hooks/webhooks';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { SelectField } from '@/components/ui/field';
import { LoadMore } from '@/components/ui/load-more';
import { QueryState } from '@/components/ui/query-state';
import { SectionHeader } from '@/components/ui/section-header';
import { EmptyState, ErrorNotice, Notice } from '@/components/ui/states';
import { Table, Td } from '@/components/ui/table';
import { eventTypes } from '@/lib/events/event-types';
import { JsonBlock, Time, objectOf, rowButton } from './webhook-parts';

const prefixes = [...new Set(eventTypes.map((t) => t.split('.')[0]))];
const typeOptions = [
  { value: '', label: 'All types' },
  ...prefixes.flatMap((prefix) => [
    { value: `${prefix}.*`, label: `${prefix}.*` },
    ...eventTypes.filter((t) => t.startsWith(`${prefix}.`)).map((t) => ({ value: t, label: `\u00a0\u00a0${t}` })),
  ]),
];

export function EventsSection() {
  const [type, setType] = useState('');
  const events = useEvents(type);
  const [open, setOpen] = useState<TillpointEvent | null>(null);

  return (
    <section aria-labelledby="events-heading">
      <SectionHeader
        id="events-heading"
        title="Events"
        description="Every change to a payment, refund, payout or alert, newest first, with the object as it was at that moment. New events appear on their own."
        actions={
          <SelectField label="Type" className="w-52" value={type} options={typeOptions} onChange={(e) => setType(e.target.value)} />
        }
      />
      <QueryState
        query={events}
        loading="Loading events…"
        keepDataOnError
        empty={<EmptyState title={type ? `No ${type} events yet` : 'No events yet'}>Events appear here as soon as payments, refunds and payouts change.</EmptyState>}
      >
        {({ pages }) => {
          const all = pages.flatMap((p) => p.data);
          return (
            <>
              <Table label="Events" columns={['Type', 'Object', 'Event ID', 'Created']}>
                {all.map((event) => {
                  const object = objectOf(event.data);
                  return (
                    <tr key={event.id} className="cursor-pointer hover:bg-slate-50" onClick={() => setOpen(event)}>
                      <Td>
                        <button
                          type="button"
                          className={`${rowButton} font-mono text-xs`}
                          aria-label={`View event ${event.type} ${event.id}`}
                          onClick={(e) => {
                            e.stopPropagation();
                            setOpen(event);
                          }}
                        >
                          {event.type}
                        </button>
                      </Td>
                      <Td className="font-mono text-xs">{object.id ?? <span className="text-slate-300">—</span>}</Td>
                      <Td className="font-mono text-xs text-slate-500">{event.id}</Td>
                      <Td className="text-slate-500">
                        <Time iso={event.created} />
                      </Td>
                    </tr>
                  );
                })}
              </Table>
              <LoadMore query={events}>
                <span className="text-xs text-slate-500">Showing {all.length}</span>
              </LoadMore>
              <ErrorNotice error={events.error} className="mt-3" />
            </>
          );
        }}
      </QueryState>
      <EventDialog event={open} onClose={() => setOpen(null)} />
    </section>
  );
}

function EventDialog({ event, onClose }: { event: TillpointEvent | null; onClose: () => void }) {
  const resend = useResendEvent();
  function close() {
    resend.reset();
    onClose();
  }
  const object = event ? objectOf(event.data) : null;
  return (
    <Dialog open={event !== null} onClose={close} size="lg" title={event ? `Event ${event.type}` : 'Event'}>
      {event && object && (
        <div className="space-y-4">
          <dl className="grid grid-cols-3 gap-x-6 gap-y-3 text-sm">
            <div>
              <dt className="text-xs text-slate-500">Event</dt>
              <dd className="mt-0.5 break-all font-mono text-xs text-slate-900">{event.id}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">{object.kind ? `Object (${object.kind})` : 'Object'}</dt>
              <dd className="mt-0.5 break-all font-mono text-xs text-slate-900">{object.id ?? '—'}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Created</dt>
              <dd className="mt-0.5 text-slate-900">
                <Time iso={event.created} />
              </dd>
            </div>
          </dl>
          <JsonBlock value={event} label="Event JSON" />
          {resend.isSuccess && (
            <Notice tone={resend.data.data.length > 0 ? 'success' : 'info'}>
              {resend.data.data.length > 0
                ? `Queued ${resend.data.data.length} ${resend.data.data.length === 1 ? 'delivery' : 'deliveries'} to the endpoints subscribed to ${event.type}.`
                : `No enabled endpoint subscribes to ${event.type}, so nothing was sent.`}
            </Notice>
          )}
          <ErrorNotice error={resend.error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Close
            </Button>
            <Button variant="secondary" disabled={resend.isPending} onClick={() => resend.mutate({ eventId: event.id })}>
              {resend.isPending ? 'Resending…' : 'Resend to endpoints'}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
