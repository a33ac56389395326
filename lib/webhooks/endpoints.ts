import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { webhookDeliveries, webhookEndpointFormats, webhookEndpoints, webhookEndpointStatuses, type WebhookEndpointFormat } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { mergeMetadata } from '@/lib/metadata';
import { livemode, timestamp } from '@/lib/api-objects';
import { resolveAlert } from '@/lib/monitoring/alerts';
import { seal, unseal } from '@/lib/security/encryption';
import { eventPatternList } from '@/lib/events/event-types';
import { resolveWebhookTarget, WebhookTargetRefused } from './webhook-target';

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

const HOUR = 3_600_000;
/** How long a rolled secret keeps signing deliveries beside the new one. */
export const ROLLED_SECRET_GRACE_MS = 24 * HOUR;

// The shape only; where the URL may point is checked by `assertWebhookUrlAllowed`, which needs DNS.
export const webhookUrl = z
  .string()
  .max(2048)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: 'must be an absolute http:// or https:// URL' },
  );

export const createEndpointBody = z
  .strictObject({
    url: webhookUrl,
    enabled_events: eventPatternList,
    description: z.string().max(500).optional(),
  })
  .meta({ examples: [{ url: 'https://shop.example.com/hooks/tillpoint', enabled_events: ['payment.*', 'refund.succeeded'], description: 'Order sync' }] });

export const updateEndpointBody = z.strictObject({
  url: webhookUrl.optional(),
  enabled_events: eventPatternList.optional(),
  description: z.string().max(500).nullable().optional(),
  status: z.enum(webhookEndpointStatuses).optional(),
});

export const rollSecretBody = z.strictObject({
  // How long the old secret stays valid; 0 retires it at once.
  expire_previous_in_hours: z.number().min(0).max(168).optional(),
});

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

export const autoDisabledAlertKey = (endpointId: string) => `webhook_endpoint_disabled:${endpointId}`;

/** An endpoint that is not deleted; with `format`, only one made through that surface. */
export async function getEndpointOrThrow(db: Db, merchantId: string, id: string, format?: WebhookEndpointFormat): Promise<WebhookEndpoint> {
  const [endpoint] = await db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.id, id),
        eq(webhookEndpoints.merchantId, merchantId),
        isNull(webhookEndpoints.deletedAt),
        format ? eq(webhookEndpoints.format, format) : undefined,
      ),
    );
  if (!endpoint) throw notFound('webhook endpoint', id);
  return endpoint;
}

// Both the current and a rolled secret of an endpoint are bound to the endpoint, not the column.
const secretContext = (endpointId: string) => `webhook_endpoints.secret.${endpointId}`;

/**
 * Refuses a URL whose host is, or resolves to, a loopback, private, link-local or other
 * non-public address (unless TILLPOINT_WEBHOOK_ALLOW_PRIVATE=1), so an endpoint cannot be aimed
 * at Tillpoint's own network. A name that does not resolve yet is accepted: every delivery
 * resolves and checks again before it connects. Runs before any transaction (DNS is a wait).
 */
export async function assertWebhookUrlAllowed(url: string): Promise<void> {
  try {
    await resolveWebhookTarget(new URL(url));
  } catch (error) {
    if (!(error instanceof WebhookTargetRefused)) return;
    throw new DomainError(
      'parameter_invalid',
      `Webhook URLs must point to a public address: ${error.message}. (A self-hosted receiver on a private network needs TILLPOINT_WEBHOOK_ALLOW_PRIVATE=1 on the server.)`,
      { param: 'url' },
    );
  }
}

/** What the Stripe surface adds to an endpoint: which events it receives, and metadata. */
type SurfaceFields = { format?: WebhookEndpointFormat; metadata?: Record<string, string> | null };

/** Creates an endpoint; the returned `secret` is the only time it is shown. */
export async function createEndpoint(db: Db, merchantId: string, body: z.infer<typeof createEndpointBody> & SurfaceFields, now = Date.now()) {
  await assertWebhookUrlAllowed(body.url);
  const secret = newSecret();
  const id = newId('we', now);
  const endpoint = await transaction(db, async (tx) => {
    const [created] = await tx
      .insert(webhookEndpoints)
      .values({
        id,
        merchantId,
        url: body.url,
        format: body.format ?? 'tillpoint',
        metadata: mergeMetadata({}, body.metadata),
        description: body.description ?? null,
        enabledEvents: [...new Set(body.enabled_events)],
        status: 'enabled',
        secretSealed: seal(secret, secretContext(id)),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return created;
  });
  return { endpoint, secret };
}

/** Every endpoint of the merchant, or only those made through one surface. */
export async function listEndpoints(db: Db, merchantId: string, format?: WebhookEndpointFormat): Promise<WebhookEndpoint[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, merchantId), isNull(webhookEndpoints.deletedAt), format ? eq(webhookEndpoints.format, format) : undefined))
    .orderBy(desc(webhookEndpoints.id));
}

/**
 * Changes an endpoint. Disabling pauses it: pending deliveries wait and resume when it is
 * enabled again, which also clears its failure count and an auto-disable alert. `format` is
 * the surface the change comes through: event names of one surface mean nothing to the other.
 */
export async function updateEndpoint(
  db: Db,
  merchantId: string,
  id: string,
  body: z.infer<typeof updateEndpointBody> & { metadata?: Record<string, string> | null },
  now = Date.now(),
  format: WebhookEndpointFormat = 'tillpoint',
) {
  if (body.url !== undefined) await assertWebhookUrlAllowed(body.url);
  return transaction(db, async (tx) => {
    const current = await getEndpointOrThrow(tx, merchantId, id, format === 'stripe' ? 'stripe' : undefined);
    if (body.enabled_events !== undefined && current.format !== format) {
      throw new DomainError('parameter_invalid', `This endpoint was made through the Stripe-compatible API (/v1/webhook_endpoints); change its events there.`, { param: 'enabled_events' });
    }
    const changes: Partial<WebhookEndpoint> = { updatedAt: now };
    if (body.url !== undefined) changes.url = body.url;
    if (body.enabled_events !== undefined) changes.enabledEvents = [...new Set(body.enabled_events)];
    if (body.description !== undefined) changes.description = body.description;
    if (body.metadata !== undefined) changes.metadata = mergeMetadata(current.metadata, body.metadata);
    if (body.status !== undefined && body.status !== current.status) {
      changes.status = body.status;
      changes.disabledReason = body.status === 'disabled' ? 'manual' : null;
      if (body.status === 'enabled') {
        changes.consecutiveFailedDeliveries = 0;
        changes.failingSince = null;
        await resolveAlert(tx, merchantId, autoDisabledAlertKey(id), now);
      }
    }
    const [updated] = await tx.update(webhookEndpoints).set(changes).where(eq(webhookEndpoints.id, id)).returning();
    return updated;
  });
}

/** Deletes an endpoint: it disappears from the API and its pending deliveries are dropped. */
export async function deleteEndpoint(db: Db, merchantId: string, id: string, now = Date.now(), format?: WebhookEndpointFormat) {
  return transaction(db, async (tx) => {
    await getEndpointOrThrow(tx, merchantId, id, format);
    await tx.update(webhookEndpoints).set({ status: 'disabled', disabledReason: 'deleted', deletedAt: now, updatedAt: now }).where(eq(webhookEndpoints.id, id));
    await tx
      .update(webhookDeliveries)
      .set({ status: 'failed', nextAttemptAt: null, lastError: 'Endpoint deleted', completedAt: now })
      .where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.status, 'pending')));
    await resolveAlert(tx, merchantId, autoDisabledAlertKey(id), now);
    return { id, object: 'webhook_endpoint' as const, deleted: true };
  });
}

/**
 * Replaces the signing secret. The old one keeps signing (as a second `v1`) for the grace
 * period, so receivers can switch without dropping deliveries. The new secret is shown once.
 */
export async function rollEndpointSecret(db: Db, merchantId: string, id: string, body: z.infer<typeof rollSecretBody>, now = Date.now()) {
  const secret = newSecret();
  const grace = body.expire_previous_in_hours === undefined ? ROLLED_SECRET_GRACE_MS : Math.round(body.expire_previous_in_hours * HOUR);
  const endpoint = await transaction(db, async (tx) => {
    const current = await getEndpointOrThrow(tx, merchantId, id);
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        secretSealed: seal(secret, secretContext(id)),
        previousSecretSealed: grace > 0 ? current.secretSealed : null,
        previousSecretExpiresAt: grace > 0 ? now + grace : null,
        updatedAt: now,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    return updated;
  });
  return { endpoint, secret };
}

/** The secrets that sign a delivery sent at `now`: the current one, then a rolled one still in grace. */
export function signingSecrets(endpoint: Pick<WebhookEndpoint, 'id' | 'secretSealed' | 'previousSecretSealed' | 'previousSecretExpiresAt'>, now: number): string[] {
  const secrets = [unseal(endpoint.secretSealed, secretContext(endpoint.id))];
  if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt !== null && endpoint.previousSecretExpiresAt > now) {
    secrets.push(unseal(endpoint.previousSecretSealed, secretContext(endpoint.id)));
  }
  return secrets;
}

export const webhookEndpointObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('webhook_endpoint'),
    url: z.url(),
    description: z.string().nullable(),
    enabled_events: z.array(z.string()).describe('Event types or patterns (`payment.*`, `*`).'),
    format: z.enum(webhookEndpointFormats).describe('`tillpoint` events, or Stripe-shaped ones for endpoints made through /v1.'),
    status: z.enum(webhookEndpointStatuses),
    disabled_reason: z.string().nullable(),
    secret: z.string().optional().describe('The signing secret (`whsec_…`): only in the answer that creates or rolls it.'),
    previous_secret_expires: timestamp.nullable().describe('Until then the rolled-over secret still signs too.'),
    created: timestamp,
    updated: timestamp,
    livemode,
  })
  .meta({
    id: 'WebhookEndpoint',
    description: 'A URL that receives signed events.',
    examples: [
      {
        id: 'we_01JDX8E0F1G2H3I4',
        object: 'webhook_endpoint',
        url: 'https://shop.example.com/hooks/tillpoint',
        description: 'Order sync',
        enabled_events: ['payment.*', 'refund.succeeded'],
        format: 'tillpoint',
        status: 'enabled',
        disabled_reason: null,
        previous_secret_expires: null,
        created: '2026-11-30T12:00:00.000Z',
        updated: '2026-11-30T12:00:00.000Z',
        livemode: false,
      },
    ],
  });

export function serializeEndpoint(endpoint: WebhookEndpoint, secret?: string): z.infer<typeof webhookEndpointObject> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: endpoint.id,
    object: 'webhook_endpoint' as const,
    url: endpoint.url,
    description: endpoint.description,
    enabled_events: endpoint.enabledEvents,
    format: endpoint.format,
    status: endpoint.status,
    disabled_reason: endpoint.disabledReason,
    ...(secret !== undefined ? { secret } : {}),
    previous_secret_expires: endpoint.previousSecretExpiresAt !== null && endpoint.previousSecretExpiresAt > Date.now() ? iso(endpoint.previousSecretExpiresAt) : null,
    created: new Date(endpoint.createdAt).toISOString(),
    updated: new Date(endpoint.updatedAt).toISOString(),
    livemode: false,
  };
}
