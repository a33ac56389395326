import { and, asc, desc, eq, gt, gte, inArray, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { events, payments, refunds, webhookDeliveries } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';
import { decimalToMinor } from '@/lib/money/money';
import type { Payment, Refund } from '@/lib/payments/payment-store';
import { spreadStripeEvents, withStripeEvents, type Event, type SpreadEvent } from '@/lib/events/events';
import { STRIPE_API_VERSION } from './api-version';
import { chargeLinksOf, paymentIntentOfPayment } from './payment-intent-store';
import { serializeCharge, serializeStripeRefund, unixSeconds } from './serialize';
import { serializePaymentIntent } from './serialize-payment-intent';
import { isStripeOnlyEventType, possibleStripeEvents, tillpointEventTypes, type StripeEventType } from '@/lib/events/stripe-event-types';

/**
 * Stripe's events are Tillpoint's outbox events read in Stripe's terms, not a second outbox:
 * a Tillpoint event `evt_X` that stands for several Stripe events is `evt_X` (the first) and
 * `evt_X_1`, `evt_X_2`... (the next ones), so every Stripe event has a stable id and the list
 * is ordered as the outbox is. `data.object` is the object as the Tillpoint event recorded it
 * (its status, amounts and failure), in Stripe's shape.
 */
export const stripeEventIdOf = (eventId: string, index: number) => (index === 0 ? eventId : `${eventId}_${index}`);

/** The Tillpoint event and position behind a Stripe event id, or null for an id that is none. */
export function parseStripeEventId(id: string): { eventId: string; index: number } | null {
  const match = /^(evt_[0-9A-Z]+)(?:_([1-9]\d?))?$/.exec(id);
  return match ? { eventId: match[1], index: match[2] ? Number(match[2]) : 0 } : null;
}

/** The payment as this event saw it: today's row with the fields that change over a payment's life as they were. */
function paymentAsRecorded(current: Payment, recorded: Record<string, unknown>): Payment {
  const minor = (value: unknown, fallback: number) => (typeof value === 'string' ? decimalToMinor(value, current.currency) : fallback);
  return {
    ...current,
    status: (recorded.status as Payment['status']) ?? current.status,
    amountCaptured: minor(recorded.amount_captured, current.amountCaptured),
    amountRefunded: minor(recorded.amount_refunded, current.amountRefunded),
    failureCode: (recorded.failure_code as string | null | undefined) ?? null,
    failureMessage: (recorded.failure_message as string | null | undefined) ?? null,
  };
}

async function paymentById(db: Db, id: string): Promise<Payment> {
  const [payment] = await db.select().from(payments).where(eq(payments.id, id));
  return payment;
}

async function refundById(db: Db, id: string): Promise<Refund> {
  const [refund] = await db.select().from(refunds).where(eq(refunds.id, id));
  return refund;
}

async function chargeOf(db: Db, payment: Payment) {
  const link = (await chargeLinksOf(db, [payment.id])).get(payment.id)!;
  return serializeCharge(payment, link.paymentIntentId, link.paymentMethod);
}

async function paymentIntentOf(db: Db, payment: Payment) {
  const { intent } = await paymentIntentOfPayment(db, payment);
  // Cancellation shows from the event that cancelled it on, not on the ones before.
  const canceled = payment.status === 'cancelled';
  const asThen = intent && !canceled ? { ...intent, canceledAt: null, cancellationReason: null } : intent;
  return serializePaymentIntent({ intent: asThen, payment });
}

/** The Stripe object one Stripe event of `event` carries. */
async function stripeObjectOf(db: Db, event: Event, type: StripeEventType): Promise<unknown> {
  const recorded = event.object;
  // Recorded in Stripe's shape already (lib/events/stripe-event-types.ts).
  if (isStripeOnlyEventType(event.type)) return recorded;
  if (event.type.startsWith('refund.')) {
    const refund = await refundById(db, recorded.id as string);
    if (type === 'charge.refunded') {
      // What the payment had refunded once this refund succeeded (later refunds not yet).
      const payment = await paymentById(db, refund.paymentId);
      const done = await db
        .select({ amount: refunds.amount })
        .from(refunds)
        .where(and(eq(refunds.paymentId, payment.id), eq(refunds.status, 'succeeded'), lte(refunds.updatedAt, event.createdAt)));
      return chargeOf(db, { ...payment, amountRefunded: done.reduce((sum, r) => sum + r.amount, 0) });
    }
    const asThen: Refund = { ...refund, status: recorded.status as Refund['status'], failureCode: (recorded.failure_code as string | null) ?? null };
    const link = (await chargeLinksOf(db, [refund.paymentId])).get(refund.paymentId)!;
    return serializeStripeRefund(asThen, link.paymentIntentId);
  }
  const payment = paymentAsRecorded(await paymentById(db, recorded.id as string), recorded);
  return type.startsWith('charge.') ? chargeOf(db, payment) : paymentIntentOf(db, payment);
}

export type StripeEvent = Awaited<ReturnType<typeof renderStripeEvent>>;

/**
 * `pending_webhooks` of each Stripe event on a page: how many endpoints have deliveries of it
 * and none succeeded yet (a failed try that a resend delivered counts as delivered).
 */
async function pendingWebhooksOf(db: Db, items: { eventId: string; type: string }[]): Promise<Map<string, number>> {
  const pending = new Map<string, number>();
  if (items.length === 0) return pending;
  const rows = await db
    .select({ eventId: webhookDeliveries.eventId, type: webhookDeliveries.stripeEventType, endpointId: webhookDeliveries.endpointId, status: webhookDeliveries.status })
    .from(webhookDeliveries)
    .where(inArray(webhookDeliveries.eventId, [...new Set(items.map((item) => item.eventId))]));
  const endpoints = new Map<string, Map<string, boolean>>();
  for (const row of rows) {
    const key = `${row.eventId} ${row.type}`;
    const delivered = endpoints.get(key) ?? new Map<string, boolean>();
    delivered.set(row.endpointId, delivered.get(row.endpointId) === true || row.status === 'succeeded');
    endpoints.set(key, delivered);
  }
  for (const [key, delivered] of endpoints) pending.set(key, [...delivered.values()].filter((done) => !done).length);
  return pending;
}

async function renderSpread(db: Db, event: SpreadEvent, type: string, pendingWebhooks: number) {
  const index = event.stripeTypes.indexOf(type as StripeEventType);
  if (index < 0) throw new Error(`${event.id} (${event.type}) is no Stripe ${type} event`);
  return {
    id: stripeEventIdOf(event.id, index),
    object: 'event' as const,
    api_version: STRIPE_API_VERSION,
    created: unixSeconds(event.createdAt),
    data: { object: await stripeObjectOf(db, event, type as StripeEventType) },
    livemode: false,
    pending_webhooks: pendingWebhooks,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** One Stripe event of a Tillpoint event, in Stripe's envelope (what a webhook delivers). */
export async function renderStripeEvent(db: Db, event: Event, type: string) {
  const pending = await pendingWebhooksOf(db, [{ eventId: event.id, type }]);
  return renderSpread(db, await withStripeEvents(db, event), type, pending.get(`${event.id} ${type}`) ?? 0);
}

export async function getStripeEventOrThrow(db: Db, merchantId: string, id: string) {
  const parsed = parseStripeEventId(id);
  const [event] = parsed ? await db.select().from(events).where(and(eq(events.id, parsed.eventId), eq(events.merchantId, merchantId))) : [];
  const type = event ? (await withStripeEvents(db, event)).stripeTypes[parsed!.index] : undefined;
  if (!event || !type) throw notFound('event', id);
  return renderStripeEvent(db, event, type);
}

export type ListStripeEventsParams = {
  limit: number;
  starting_after?: string;
  ending_before?: string;
  /** An exact type or `prefix.*`. */
  type?: string;
  types?: string[];
  created?: { gt?: number; gte?: number; lt?: number; lte?: number };
};

/** Whether a Stripe type is one the caller asked for. */
function wantedBy(params: ListStripeEventsParams) {
  return (type: string) => {
    const byType = params.type === undefined || params.type === type || (params.type.endsWith('.*') && type.startsWith(params.type.slice(0, -1)));
    return byType && (params.types === undefined || params.types.includes(type));
  };
}

const BATCH = 100;

/**
 * Stripe events, newest first, paged by Stripe's cursors. Tillpoint events are read in
 * batches and spread into their Stripe events until the page is full, since one event may be
 * several of them or (filtered by type) none.
 */
export async function listStripeEvents(db: Db, merchantId: string, params: ListStripeEventsParams) {
  const backwards = params.ending_before !== undefined;
  const cursorId = params.ending_before ?? params.starting_after;
  const cursor = cursorId === undefined ? null : parseStripeEventId(cursorId);
  if (cursorId !== undefined && !cursor) {
    throw new DomainError('parameter_invalid', `Invalid ${backwards ? 'ending_before' : 'starting_after'}: '${cursorId}' is not an event id.`, { param: backwards ? 'ending_before' : 'starting_after' });
  }
  const wanted = wantedBy(params);
  const tillpointTypes = tillpointEventTypes.filter((t) => possibleStripeEvents(t).some(wanted));
  if (tillpointTypes.length === 0) return { data: [], hasMore: false };
  const created: (SQL | undefined)[] = [
    params.created?.gt !== undefined ? gte(events.createdAt, (params.created.gt + 1) * 1000) : undefined,
    params.created?.gte !== undefined ? gte(events.createdAt, params.created.gte * 1000) : undefined,
    params.created?.lt !== undefined ? lte(events.createdAt, params.created.lt * 1000 - 1) : undefined,
    params.created?.lte !== undefined ? lte(events.createdAt, params.created.lte * 1000 + 999) : undefined,
  ];

  const found: { event: SpreadEvent; index: number; type: string }[] = [];
  let after = cursor?.eventId;
  let inclusive = true;
  for (;;) {
    const position = after === undefined ? undefined : backwards ? (inclusive ? gte(events.id, after) : gt(events.id, after)) : inclusive ? lte(events.id, after) : lt(events.id, after);
    const rows = await db
      .select()
      .from(events)
      .where(and(eq(events.merchantId, merchantId), inArray(events.type, tillpointTypes), position, ...created))
      .orderBy(backwards ? asc(events.id) : desc(events.id))
      .limit(BATCH);
    for (const event of await spreadStripeEvents(db, rows)) {
      const spread = event.stripeTypes.map((type, index) => ({ event, index, type }));
      for (const item of backwards ? spread : spread.reverse()) {
        if (cursor && event.id === cursor.eventId && (backwards ? item.index <= cursor.index : item.index >= cursor.index)) continue;
        if (wanted(item.type)) found.push(item);
      }
    }
    if (found.length > params.limit || rows.length < BATCH) break;
    after = rows.at(-1)!.id;
    inclusive = false;
  }
  const page = found.slice(0, params.limit);
  if (backwards) page.reverse();
  const pending = await pendingWebhooksOf(db, page.map((item) => ({ eventId: item.event.id, type: item.type })));
  const data = [];
  for (const item of page) data.push(await renderSpread(db, item.event, item.type, pending.get(`${item.event.id} ${item.type}`) ?? 0));
  return { data, hasMore: found.length > params.limit };
}
