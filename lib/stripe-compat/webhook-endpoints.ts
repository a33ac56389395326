import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import { webhookEndpoints } from '@/db/schema';
import { createEndpoint, updateEndpoint, type WebhookEndpoint } from '@/lib/webhooks/endpoints';
import { cursorPage, cursorQuery } from './list';
import type { webhookEndpointCreateParams, webhookEndpointUpdateParams } from './object-params';
import type { ListParams } from './params';

/**
 * Webhook endpoints of the Stripe surface are Tillpoint endpoints of the `stripe` format: the
 * same outbox, delivery worker, retries, auto-disable and address checks, with Stripe's event
 * names and `Stripe-Signature`. The secret is sealed like any other and shown only on create.
 */
export function createStripeWebhookEndpoint(db: Db, merchantId: string, params: z.output<typeof webhookEndpointCreateParams>) {
  const { api_version: _version, ...fields } = params;
  return createEndpoint(db, merchantId, { ...fields, format: 'stripe' });
}

/** Stripe's `disabled` is Tillpoint's status. */
export function updateStripeWebhookEndpoint(db: Db, merchantId: string, id: string, params: z.output<typeof webhookEndpointUpdateParams>) {
  const { disabled, ...fields } = params;
  const status = disabled === undefined ? undefined : disabled ? ('disabled' as const) : ('enabled' as const);
  return updateEndpoint(db, merchantId, id, { ...fields, status }, Date.now(), 'stripe');
}

/** The merchant's Stripe-surface endpoints, newest first, by Stripe's cursors. */
export async function listStripeWebhookEndpoints(db: Db, merchantId: string, params: ListParams): Promise<{ data: WebhookEndpoint[]; hasMore: boolean }> {
  const page = cursorQuery(webhookEndpoints.id, params, (id) => id);
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.format, 'stripe'), isNull(webhookEndpoints.deletedAt), page.where))
    .orderBy(page.orderBy)
    .limit(page.limit);
  return cursorPage(rows, params, page.backwards);
}
