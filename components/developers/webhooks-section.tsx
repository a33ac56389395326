'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatDateTime } from '@/components/dates';
import {
  useCreateWebhookEndpoint,
  useDeleteWebhookEndpoint,
  useRollWebhookSecret,
  useUpdateWebhookEndpoint,
  useWebhookEndpoints,
  type WebhookEndpoint,
} from '@/components/hooks/webhooks';
import { Button } from '@/components/ui/button';
import { fieldErrorOf } from '@/components/ui/api-error-message';
import { ConfirmDialog, DialogActions } from '@/components/ui/confirm-dialog';
import { TextField } from '@/components/ui/field';
import { QueryState } from '@/components/ui/query-state';
import { SectionHeader } from '@/components/ui/section-header';
import { EmptyState, ErrorNotice } from '@/components/ui/states';
import { actionsColumn, Table, Td } from '@/components/ui/table';
import { eventTypes } from '@/lib/events/event-types';
import { DeliveriesPanel } from './webhook-deliveries';
import { EndpointStatusBadge } from './webhook-parts';
import { OnlyOnceSecret, SecretCopy } from './secret-copy';

/** "All events", or the subscribed types (the first few, then a count). */
export function eventsSummary(events: string[]): { text: string; title: string } {
  if (events.includes('*')) return { text: 'All events', title: 'Every event type, including ones added later' };
  const shown = events.slice(0, 2).join(', ');
  return { text: events.length > 2 ? `${shown} +${events.length - 2} more` : shown, title: events.join(', ') };
}

export function WebhooksSection() {
  const endpoints = useWebhookEndpoints();
  const [adding, setAdding] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [rolling, setRolling] = useState<WebhookEndpoint | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const panelId = useId();
  const selected = endpoints.data?.data.find((e) => e.id === selectedId) ?? null;

  return (
    <section aria-labelledby="webhooks-heading">
      <SectionHeader
        id="webhooks-heading"
        title="Webhooks"
        description="Tillpoint POSTs signed events to these URLs as they happen, retrying for up to three days if your server doesn’t answer with a 2xx."
        actions={
          <Button
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            Add endpoint
          </Button>
        }
        notice={notice ? { tone: 'success', message: notice } : null}
      />
      <QueryState
        query={endpoints}
        loading="Loading webhook endpoints…"
        empty={<EmptyState title="No webhook endpoints yet">Add an endpoint to be told when payments succeed, fail, are refunded or paid out.</EmptyState>}
      >
        {({ data: list }) => (
          <Table label="Webhook endpoints" columns={['URL', 'Events', 'Status', 'Created', actionsColumn]}>
            {list.map((endpoint) => {
              const events = eventsSummary(endpoint.enabled_events);
              const isSelected = endpoint.id === selected?.id;
              return (
                <tr key={endpoint.id} className={isSelected ? 'bg-indigo-50/60' : undefined}>
                  <Td className="max-w-[22rem]">
                    <span className="block truncate font-mono text-xs text-slate-900" title={endpoint.url}>
                      {endpoint.url}
                    </span>
                    {endpoint.description && <span className="mt-0.5 block truncate text-xs text-slate-500">{endpoint.description}</span>}
                  </Td>
                  <Td className="max-w-[16rem] truncate text-xs" title={events.title}>
                    {events.text}
                  </Td>
                  <Td>
                    <EndpointStatusBadge endpoint={endpoint} />
                  </Td>
                  <Td>{formatDateTime(endpoint.created)}</Td>
                  <Td className="w-px text-right">
                    <Button
                      variant={isSelected ? 'primary' : 'secondary'}
                      size="sm"
                      aria-expanded={isSelected}
                      aria-controls={isSelected ? panelId : undefined}
                      aria-label={`Deliveries for ${endpoint.url}`}
                      onClick={() => {
                        setNotice(null);
                        setSelectedId(isSelected ? null : endpoint.id);
                      }}
                    >
                      Deliveries
                    </Button>
                  </Td>
                </tr>
              );
            })}
          </Table>
        )}
      </QueryState>
      {selected && (
        <EndpointPanel
          key={selected.id}
          id={panelId}
          endpoint={selected}
          onClose={() => setSelectedId(null)}
          onRoll={() => setRolling(selected)}
          onDelete={() => setDeleting(selected)}
          onNotice={setNotice}
        />
      )}
      <AddEndpointDialog
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(endpoint) => setSelectedId(endpoint.id)}
      />
      <RollSecretDialog endpoint={rolling} onClose={() => setRolling(null)} />
      <DeleteEndpointDialog
        endpoint={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={(endpoint) => {
          setDeleting(null);
          setSelectedId(null);
          setNotice(`Deleted the endpoint for ${endpoint.url}. It gets no more deliveries.`);
        }}
      />
    </section>
  );
}

/** One endpoint: its settings and actions, then its deliveries. */
function EndpointPanel({
  id,
  endpoint,
  onClose,
  onRoll,
  onDelete,
  onNotice,
}: {
  id: string;
  endpoint: WebhookEndpoint;
  onClose: () => void;
  onRoll: () => void;
  onDelete: () => void;
  onNotice: (text: string | null) => void;
}) {
  const update = useUpdateWebhookEndpoint();
  const heading = useRef<HTMLHeadingElement>(null);
  const enabled = endpoint.status === 'enabled';
  useEffect(() => {
    // Opening the panel moves focus to it, so keyboard users land on what they asked for.
    heading.current?.focus();
  }, []);

  function toggle() {
    onNotice(null);
    update.mutate(
      { id: endpoint.id, status: enabled ? 'disabled' : 'enabled' },
      {
        onSuccess: (updated) =>
          onNotice(
            updated.status === 'enabled'
              ? `Enabled ${updated.url}. Pending deliveries resume within a few seconds.`
              : `Disabled ${updated.url}. Deliveries wait until you enable it again.`,
          ),
      },
    );
  }

  return (
    <div id={id} role="region" aria-labelledby={`${id}-heading`} className="mt-4 rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 px-5 py-4">
        <div className="min-w-0">
          <h3 id={`${id}-heading`} ref={heading} tabIndex={-1} className="truncate font-mono text-sm font-semibold text-slate-900 outline-none" title={endpoint.url}>
            {endpoint.url}
          </h3>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
            {!enabled && <EndpointStatusBadge endpoint={endpoint} />}
            <span className="font-mono">{endpoint.id}</span>
            <span>{eventsSummary(endpoint.enabled_events).title}</span>
          </p>
          {endpoint.previous_secret_expires && (
            <p className="mt-1 text-xs text-amber-700">The previous signing secret also signs deliveries until {formatDateTime(endpoint.previous_secret_expires)}.</p>
          )}
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <Button
            variant="secondary"
            size="sm"
            role="switch"
            aria-checked={enabled}
            aria-label={`Endpoint enabled`}
            disabled={update.isPending}
            onClick={toggle}
          >
            <span aria-hidden className={`relative inline-flex h-4 w-7 items-center rounded-full transition ${enabled ? 'bg-emerald-500' : 'bg-slate-300'}`}>
              <span className={`h-3 w-3 rounded-full bg-white shadow transition ${enabled ? 'translate-x-3.5' : 'translate-x-0.5'}`} />
            </span>
            {enabled ? 'Enabled' : 'Disabled'}
          </Button>
          <Button variant="secondary" size="sm" onClick={onRoll}>
            Roll secret
          </Button>
          <Button variant="secondary" size="sm" className="text-rose-700" onClick={onDelete}>
            Delete
          </Button>
          <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close deliveries">
            Close
          </Button>
        </div>
      </div>
      <ErrorNotice error={update.error} className="px-5 pt-4" />
      <div className="p-5">
        <DeliveriesPanel endpoint={endpoint} />
      </div>
    </div>
  );
}

type EventsMode = 'all' | 'selected';
const groups = [...new Set(eventTypes.map((t) => t.split('.')[0]))].map((prefix) => ({
  prefix,
  types: eventTypes.filter((t) => t.startsWith(`${prefix}.`)),
}));

function validUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function AddEndpointDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (endpoint: WebhookEndpoint) => void }) {
  const create = useCreateWebhookEndpoint();
  // The new endpoint opens once the dialog (and its secret) is gone.
  const created = useRef<WebhookEndpoint | null>(null);
  function close() {
    if (created.current) onCreated(created.current);
    created.current = null;
    onClose();
  }
  return (
    // The secret leaves memory with the dialog: it is never shown again.
    <ConfirmDialog open={open} onClose={close} mutation={create}
      onDone={(endpoint) => (created.current = endpoint)}
      form={{
        title: 'Add a webhook endpoint',
        fields: ['url'],
        render: ({ submit, close }) => <AddEndpointForm busy={create.isPending} serverUrlError={fieldErrorOf(create.error, 'url')} onSubmit={submit} onCancel={close} />,
      }}
      result={{
        title: 'Save your signing secret',
        render: (endpoint) => (
          <>
            <OnlyOnceSecret title="This is the only time the signing secret is shown.">
              Your server uses it to check the <span className="font-mono text-xs">Tillpoint-Signature</span> header on every delivery. If you lose it, roll the
              secret to get a new one.
            </OnlyOnceSecret>
            <SecretCopy secret={endpoint.secret} label="Signing secret" />
            <p className="text-sm text-slate-600">
              Events go to <span className="break-all font-mono text-xs text-slate-900">{endpoint.url}</span> from now on.
            </p>
          </>
        ),
      }}
    />
  );
}

type NewEndpoint = { url: string; enabled_events: string[]; description?: string };

function AddEndpointForm({
  busy,
  serverUrlError,
  onSubmit,
  onCancel,
}: {
  busy: boolean;
  serverUrlError: string | null;
  onSubmit: (input: NewEndpoint) => void;
  onCancel: () => void;
}) {
  const [mode, setMode] = useState<EventsMode>('all');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<{ url?: string; events?: string }>({});
  const eventsErrorId = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const url = String(form.get('url') ?? '').trim();
    const description = String(form.get('description') ?? '').trim();
    const next: typeof errors = {};
    if (!validUrl(url)) next.url = 'Enter an absolute http:// or https:// URL.';
    if (mode === 'selected' && chosen.size === 0) next.events = 'Choose at least one event, or send all events.';
    setErrors(next);
    if (next.url || next.events) return;
    onSubmit({ url, enabled_events: mode === 'all' ? ['*'] : eventTypes.filter((t) => chosen.has(t)), description: description || undefined });
  }

  function toggleType(type: string, on: boolean) {
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <TextField
        label="Endpoint URL"
        name="url"
        type="url"
        autoFocus
        required
        maxLength={2048}
        placeholder="https://example.com/webhooks/tillpoint"
        error={errors.url ?? serverUrlError}
        onChange={() => errors.url && setErrors((e) => ({ ...e, url: undefined }))}
      />
      <TextField label="Description" name="description" maxLength={500} hint="Optional. Helps you tell endpoints apart." />
      <fieldset aria-describedby={errors.events ? eventsErrorId : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-700">Events to send</legend>
        <div className="flex gap-4 text-sm text-slate-700">
          <label className="flex items-center gap-2">
            <input type="radio" name="events-mode" checked={mode === 'all'} onChange={() => setMode('all')} className="accent-indigo-600" />
            All events
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="events-mode" checked={mode === 'selected'} onChange={() => setMode('selected')} className="accent-indigo-600" />
            Selected events
          </label>
        </div>
        {mode === 'selected' && (
          <div className="mt-2 max-h-56 space-y-3 overflow-y-auto rounded-md p-3 ring-1 ring-inset ring-slate-200">
            {groups.map((group) => (
              <div key={group.prefix} role="group" aria-label={`${group.prefix} events`}>
                <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{group.prefix}</p>
                <div className="grid grid-cols-2 gap-x-4 gap-y-1">
                  {group.types.map((type) => (
                    <label key={type} className="flex items-center gap-2 font-mono text-xs text-slate-800">
                      <input
                        type="checkbox"
                        checked={chosen.has(type)}
                        onChange={(e) => {
                          toggleType(type, e.target.checked);
                          setErrors((x) => ({ ...x, events: undefined }));
                        }}
                        className="accent-indigo-600"
                      />
                      {type}
                    </label>
                  ))}
                </div>
              </div>
            ))}
          </div>
        )}
        {errors.events && (
          <p id={eventsErrorId} className="mt-1 text-xs text-rose-600">
            {errors.events}
          </p>
        )}
      </fieldset>
      <DialogActions onCancel={onCancel}>
        <Button type="submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add endpoint'}
        </Button>
      </DialogActions>
    </form>
  );
}

function RollSecretDialog({ endpoint, onClose }: { endpoint: WebhookEndpoint | null; onClose: () => void }) {
  const roll = useRollWebhookSecret();
  return (
    <ConfirmDialog open={endpoint !== null} onClose={onClose} mutation={roll} input={endpoint?.id}
      confirm={() => ({
        title: 'Roll the signing secret?',
        body: (
          <p>
            A new secret replaces the one for <span className="break-all font-mono text-xs text-slate-900">{endpoint!.url}</span>. The old secret keeps signing
            deliveries beside it for 24 hours, so your server can switch over without missing any.
          </p>
        ),
        action: 'Roll secret',
        pending: 'Rolling…',
      })}
      result={{
        title: 'Save your new signing secret',
        render: (rolled) => (
          <>
            <OnlyOnceSecret title="This is the only time the new secret is shown.">
              For the next 24 hours each delivery carries signatures from both the old and the new secret. Update your server before then.
            </OnlyOnceSecret>
            <SecretCopy secret={rolled.secret} label="Signing secret" />
          </>
        ),
      }}
    />
  );
}

function DeleteEndpointDialog({ endpoint, onClose, onDeleted }: { endpoint: WebhookEndpoint | null; onClose: () => void; onDeleted: (e: WebhookEndpoint) => void }) {
  const remove = useDeleteWebhookEndpoint();
  return (
    <ConfirmDialog open={endpoint !== null} onClose={onClose} mutation={remove} input={endpoint?.id}
      confirm={() => ({
        title: 'Delete this endpoint?',
        body: (
          <p>
            <span className="break-all font-mono text-xs text-slate-900">{endpoint!.url}</span> stops getting events at once, and deliveries still waiting for it
            are dropped. This can’t be undone.
          </p>
        ),
        action: 'Delete endpoint',
        pending: 'Deleting…',
        tone: 'danger',
      })}
      onDone={() => onDeleted(endpoint!)}
    />
  );
}
