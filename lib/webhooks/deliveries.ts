import { and, asc, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { webhookAttempts, webhookDeliveries, webhookDeliveryStatuses, webhookEndpoints } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { livemode, timestamp } from '@/lib/api-objects';
import { getEndpointOrThrow } from './endpoints';
import { afterCursor } from '@/lib/list';
import { deliveriesFor, getEventOrThrow, withStripeEvents } from '@/lib/events/events';

type Delivery = typeof webhookDeliveries.$inferSelect;
type Attempt = typeof webhookAttempts.$inferSelect;

export const listDeliveriesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().optional(),
  status: z.enum(webhookDeliveryStatuses).optional(),
  event: z.string().optional(),
});

async function attemptsOf(db: Db, deliveryIds: string[]): Promise<Map<string, Attempt[]>> {
  const byDelivery = new Map<string, Attempt[]>();
  if (deliveryIds.length === 0) return byDelivery;
  const rows = await db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, deliveryIds)).orderBy(asc(webhookAttempts.id));
  for (const row of rows) byDelivery.set(row.deliveryId, [...(byDelivery.get(row.deliveryId) ?? []), row]);
  return byDelivery;
}

/** An endpoint's deliveries, newest first, each with every attempt. */
export async function listDeliveries(db: Db, merchantId: string, endpointId: string, query: z.infer<typeof listDeliveriesQuery>) {
  await getEndpointOrThrow(db, merchantId, endpointId);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.merchantId, merchantId),
        await afterCursor(db, webhookDeliveries, merchantId, query.starting_after),
        query.status ? eq(webhookDeliveries.status, query.status) : undefined,
        query.event ? eq(webhookDeliveries.eventId, query.event) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const attempts = await attemptsOf(db, page.map((d) => d.id));
  return { data: page.map((d) => serializeDelivery(d, attempts.get(d.id) ?? [])), hasMore: rows.length > query.limit };
}

export const webhookDeliveryObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('webhook_delivery'),
    endpoint: z.string(),
    event: z.string(),
    trigger: z.enum(['event', 'resend']),
    status: z.enum(webhookDeliveryStatuses),
    attempt_count: z.number().int(),
    next_attempt: timestamp.nullable(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    attempts: z.array(
      z.strictObject({
        attempt: z.number().int(),
        succeeded: z.boolean(),
        status_code: z.number().int().nullable(),
        duration_ms: z.number().int(),
        response_body: z.string().nullable(),
        error: z.string().nullable(),
        created: timestamp,
      }),
    ),
    created: timestamp,
    completed: timestamp.nullable(),
    livemode,
  })
  .meta({ id: 'WebhookDelivery', description: 'One event sent (or to be sent) to one endpoint, with its attempts.' });

export function serializeDelivery(delivery: Delivery, attempts: Attempt[]): z.infer<typeof webhookDeliveryObject> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: delivery.id,
    object: 'webhook_delivery' as const,
    endpoint: delivery.endpointId,
    event: delivery.eventId,
    trigger: delivery.trigger,
    status: delivery.status,
    attempt_count: delivery.attemptCount,
    next_attempt: delivery.status === 'pending' ? iso(delivery.nextAttemptAt) : null,
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      succeeded: a.succeeded,
      status_code: a.statusCode,
      duration_ms: a.durationMs,
      response_body: a.responseBody,
      error: a.error,
      created: new Date(a.createdAt).toISOString(),
    })),
    created: new Date(delivery.createdAt).toISOString(),
    completed: iso(delivery.completedAt),
    livemode: false,
  };
}

export const resendEventBody = z.strictObject({ endpoint: z.string().optional() });

/**
 * Sends an event again as new deliveries: to one endpoint (even one not subscribed to the
 * type), or to every enabled endpoint that subscribes to it now.
 */
export async function resendEvent(db: Db, merchantId: string, eventId: string, body: z.infer<typeof resendEventBody>, now = Date.now()) {
  return transaction(db, async (tx) => {
    const event = await withStripeEvents(tx, await getEventOrThrow(tx, merchantId, eventId));
    let targets: { endpointId: string; stripeEventType: string | null }[];
    if (body.endpoint) {
      const endpoint = await getEndpointOrThrow(tx, merchantId, body.endpoint);
      if (endpoint.status !== 'enabled') {
        throw new DomainError('webhook_endpoint_disabled', `Webhook endpoint ${endpoint.id} is disabled; enable it before resending.`, { param: 'endpoint' });
      }
      targets = deliveriesFor(endpoint, event, true);
    } else {
      const endpoints = await tx
        .select()
        .from(webhookEndpoints)
        .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.status, 'enabled'), isNull(webhookEndpoints.deletedAt)));
      targets = endpoints.flatMap((endpoint) => deliveriesFor(endpoint, event));
    }
    if (targets.length === 0) return [];
    const created = await tx
      .insert(webhookDeliveries)
      .values(
        targets.map((target) => ({
          id: newId('whdel', now),
          merchantId,
          endpointId: target.endpointId,
          eventId: event.id,
          stripeEventType: target.stripeEventType,
          trigger: 'resend' as const,
          status: 'pending' as const,
          nextAttemptAt: now,
          createdAt: now,
        })),
      )
      .returning();
    return created.map((d) => serializeDelivery(d, []));
  });
}
