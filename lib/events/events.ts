import { and, desc, eq, isNull, like, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { events, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { notFound } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { livemode, timestamp } from '@/lib/api-objects';
import { isEventPattern, subscribesTo, type EventType } from './event-types';
import { pageOf } from '@/lib/list';

export type Event = typeof events.$inferSelect;

/**
 * Records an event in the caller's transaction (the outbox) and fans it out: one pending
 * delivery per enabled endpoint of the merchant that subscribes to the type. Both commit or
 * roll back with the change itself, so a committed change always has its event and its
 * deliveries, and a rolled-back one has neither. `object` is the serialized API object.
 */
export async function emitEvent(tx: Db, merchantId: string, type: EventType, object: object, now: number): Promise<Event> {
  const [event] = await tx
    .insert(events)
    .values({ id: newId('evt', now), merchantId, type, object: object as Record<string, unknown>, createdAt: now })
    .returning();
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, enabledEvents: webhookEndpoints.enabledEvents })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.status, 'enabled'), isNull(webhookEndpoints.deletedAt)));
  const subscribed = endpoints.filter((e) => subscribesTo(e.enabledEvents, type));
  if (subscribed.length > 0) {
    await tx.insert(webhookDeliveries).values(
      subscribed.map((endpoint) => ({
        id: newId('whdel', now),
        merchantId,
        endpointId: endpoint.id,
        eventId: event.id,
        trigger: 'event' as const,
        status: 'pending' as const,
        nextAttemptAt: now,
        createdAt: now,
      })),
    );
  }
  return event;
}

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
  const [event] = await db.select().from(events).where(and(eq(events.id, id), eq(events.merchantId, merchantId)));
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
  const type = query.type?.endsWith('.*') ? like(events.type, `${query.type.slice(0, -1)}%`) : query.type ? eq(events.type, query.type) : undefined;
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.merchantId, merchantId), query.starting_after ? lt(events.id, query.starting_after) : undefined, type))
    .orderBy(desc(events.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}
