import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { events, paymentIntentAttempts, webhookDeliveries, webhookEndpoints, type WebhookEndpointFormat } from '@/db/schema';
import { notFound } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { livemode, timestamp } from '@/lib/api-objects';
import { eventTypes, isEventPattern, subscribesTo, type EventType } from './event-types';
import { afterCursor, pageOf } from '@/lib/list';
import { preparedQuery, startsWithText, placeholders } from '@/db/sql';
import { isStripeOnlyEventType, stripeEndpointTakes, stripeEventsOf, type StripeEventType, type StripeOnlyEventType } from './stripe-event-types';

export type Event = typeof events.$inferSelect;

/**
 * Records an event in the caller's transaction (the outbox) and fans it out: one pending
 * delivery per enabled endpoint of the merchant that subscribes to the type (for an endpoint
 * of the Stripe surface, one per Stripe event it stands for that the endpoint takes). Both
 * commit or roll back with the change itself, so a committed change always has its event and
 * its deliveries, and a rolled-back one has neither. `object` is the serialized API object.
 */
export async function emitEvent(tx: Db, merchantId: string, type: EventType | StripeOnlyEventType, object: object, now: number): Promise<Event> {
  const event: Event = { id: newId('evt', now), merchantId, type, object: object as Record<string, unknown>, createdAt: now };
  await insertEvent(tx, event);
  const endpoints = await enabledEndpoints(tx, { merchantId });
  const spread = await withStripeEvents(tx, event);
  const deliveries = endpoints.flatMap((endpoint) => deliveriesFor(endpoint, spread));
  if (deliveries.length > 0) {
    await tx.insert(webhookDeliveries).values(
      deliveries.map((delivery) => ({
        id: newId('whdel', now),
        merchantId,
        endpointId: delivery.endpointId,
        eventId: event.id,
        stripeEventType: delivery.stripeEventType,
        trigger: 'event' as const,
        status: 'pending' as const,
        nextAttemptAt: now,
        createdAt: now,
      })),
    );
  }
  return event;
}

const insertEvent = preparedQuery('insert_event', (db) => db.insert(events).values(placeholders(['id', 'merchantId', 'type', 'object', 'createdAt'])));

const enabledEndpoints = preparedQuery('enabled_webhook_endpoints', (db) =>
  db
    .select({ id: webhookEndpoints.id, format: webhookEndpoints.format, enabledEvents: webhookEndpoints.enabledEvents })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, sql.placeholder('merchantId')), eq(webhookEndpoints.status, 'enabled'), isNull(webhookEndpoints.deletedAt))),
);

type Subscriber = { id: string; format: WebhookEndpointFormat; enabledEvents: string[] };

/** An outbox event with the Stripe events it stands for. */
export type SpreadEvent = Event & { stripeTypes: StripeEventType[] };

/**
 * The payments among `paymentIds` that confirm a PaymentIntent made through /v1 (its
 * attempts, linked before the payment is created), whose `payment.created` is no Stripe event.
 */
async function draftConfirmations(db: Db, paymentIds: string[]): Promise<Set<string>> {
  if (paymentIds.length === 0) return new Set();
  // One payment (an event as it is emitted): the prepared lookup.
  const rows =
    paymentIds.length === 1
      ? await attemptOfPayment(db, { paymentId: paymentIds[0] })
      : await db.select({ paymentId: paymentIntentAttempts.paymentId }).from(paymentIntentAttempts).where(inArray(paymentIntentAttempts.paymentId, paymentIds));
  return new Set(rows.map((row) => row.paymentId));
}

const attemptOfPayment = preparedQuery('payment_intent_attempt_of_payment', (db) =>
  db.select({ paymentId: paymentIntentAttempts.paymentId }).from(paymentIntentAttempts).where(eq(paymentIntentAttempts.paymentId, sql.placeholder('paymentId'))),
);

/** Outbox events with the Stripe events each stands for, in one query for the lot. */
export async function spreadStripeEvents(db: Db, rows: Event[]): Promise<SpreadEvent[]> {
  const drafts = await draftConfirmations(db, rows.filter((row) => row.type === 'payment.created').map((row) => row.object.id as string));
  return rows.map((row) => ({ ...row, stripeTypes: stripeEventsOf(row.type, row.object, drafts.has(row.object.id as string)) }));
}

export const withStripeEvents = async (db: Db, event: Event): Promise<SpreadEvent> => (await spreadStripeEvents(db, [event]))[0];

/**
 * What an endpoint receives of an event: a Tillpoint endpoint the event itself if it
 * subscribes to the type (never a Stripe-only one); a Stripe one each Stripe event it stands
 * for that it takes. `everything` sends them all whatever the endpoint subscribes to (a resend
 * to one endpoint).
 */
export function deliveriesFor(endpoint: Subscriber, event: SpreadEvent, everything = false) {
  if (endpoint.format === 'stripe') {
    return event.stripeTypes
      .filter((stripeType) => everything || stripeEndpointTakes(endpoint.enabledEvents, stripeType))
      .map((stripeType) => ({ endpointId: endpoint.id, stripeEventType: stripeType as string | null }));
  }
  if (isStripeOnlyEventType(event.type)) return [];
  return everything || subscribesTo(endpoint.enabledEvents, event.type) ? [{ endpointId: endpoint.id, stripeEventType: null }] : [];
}

/** The native API's events: every outbox event but the Stripe-only ones. */
const nativeEvent = inArray(events.type, [...eventTypes]);

export const eventObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('event'),
    type: z.string().describe('e.g. `payment.succeeded`, `refund.succeeded`, `payout.paid`.'),
    created: timestamp,
    data: z.strictObject({ object: z.record(z.string(), z.unknown()).describe('The object as it was when the event happened.') }),
    livemode,
  })
  .meta({
    id: 'Event',
    description: 'Something that happened, as webhooks deliver it.',
    examples: [{ id: 'evt_01JDX9F0G1H2I3J4', object: 'event', type: 'payment.succeeded', created: '2026-11-30T12:00:00.000Z', data: { object: { id: 'pay_01JDX3R2A4B6C8D0', object: 'payment' } }, livemode: false }],
  });

export function serializeEvent(event: Event): z.infer<typeof eventObject> {
  return {
    id: event.id,
    object: 'event' as const,
    type: event.type,
    created: new Date(event.createdAt).toISOString(),
    data: { object: event.object },
    livemode: false,
  };
}

export async function getEventOrThrow(db: Db, merchantId: string, id: string): Promise<Event> {
  const [event] = await db.select().from(events).where(and(eq(events.id, id), eq(events.merchantId, merchantId), nativeEvent));
  if (!event) throw notFound('event', id);
  return event;
}

export const listEventsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().optional(),
  // An exact type or a `prefix.*` pattern.
  type: z
    .string()
    .refine((t) => t !== '*' && isEventPattern(t), { message: 'must be an event type or a prefix like payment.*' })
    .optional(),
});

/** Newest first, cursor-paginated by id. */
export async function listEvents(db: Db, merchantId: string, query: z.infer<typeof listEventsQuery>) {
  const type = query.type?.endsWith('.*') ? startsWithText(events.type, query.type.slice(0, -1)) : query.type ? eq(events.type, query.type) : undefined;
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.merchantId, merchantId), nativeEvent, await afterCursor(db, events, merchantId, query.starting_after), type))
    .orderBy(desc(events.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}
