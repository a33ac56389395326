'use client';

import type { WebhookDelivery, WebhookEndpoint } from '@/components/hooks/webhooks';
import { Badge } from '@/components/ui/badge';

const full = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium' });
const short = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' });
const relative = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });

/** A timestamp by the second, with the full date on hover. */
export function Time({ iso }: { iso: string }) {
  const at = new Date(iso);
  return (
    <time dateTime={iso} title={full.format(at)} className="tabular-nums">
      {short.format(at)}
    </time>
  );
}

/** "in 4 minutes" / "now", for the next retry. */
export function fromNow(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Math.abs(seconds) < 5) return 'now';
  if (Math.abs(seconds) < 90) return relative.format(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 90) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 36) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}

/** Pending with no attempt yet is "Pending"; pending after a failed attempt is "Retrying". */
export function DeliveryStatusBadge({ delivery }: { delivery: Pick<WebhookDelivery, 'status' | 'attempt_count'> }) {
  if (delivery.status === 'succeeded') return <Badge tone="green">Succeeded</Badge>;
  if (delivery.status === 'failed') return <Badge tone="red">Failed</Badge>;
  return <Badge tone="amber">{delivery.attempt_count > 0 ? 'Retrying' : 'Pending'}</Badge>;
}

export function EndpointStatusBadge({ endpoint }: { endpoint: Pick<WebhookEndpoint, 'status' | 'disabled_reason'> }) {
  if (endpoint.status === 'enabled') return <Badge tone="green">Enabled</Badge>;
  if (endpoint.disabled_reason === 'too_many_failures') {
    return (
      <span title="Tillpoint disabled this endpoint after its deliveries kept failing. Fix the receiver, then enable it again.">
        <Badge tone="red">Disabled: failing</Badge>
      </span>
    );
  }
  return <Badge tone="slate">Disabled</Badge>;
}

export function StatusCode({ code }: { code: number | null }) {
  if (code === null) return <span className="text-slate-400">—</span>;
  return <Badge tone={code >= 200 && code < 300 ? 'green' : code >= 500 ? 'red' : 'amber'}>{code}</Badge>;
}

/** Pretty JSON in a scrollable, focusable block (so keyboard users can scroll it). */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre
      tabIndex={0}
      aria-label={label}
      className="max-h-72 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** The id of the object an event is about (a payment, refund, payout…), if it has one. */
export function objectOf(data: { object: Record<string, unknown> }): { id: string | null; kind: string | null } {
  const o = data.object ?? {};
  return { id: typeof o.id === 'string' ? o.id : null, kind: typeof o.object === 'string' ? o.object : null };
}

/** A text-styled button used as the keyboard target of a clickable table row. */
export const rowButton =
  'rounded-sm text-left font-medium text-indigo-700 hover:text-indigo-500 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';
