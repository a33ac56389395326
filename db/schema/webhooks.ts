import { index, integer, table, text } from './core';
import { jsonText, timestamp, boolean, serialId } from './columns';
import { merchants } from './merchants';

/**
 * The transactional outbox: one row per state change, written in the transaction that makes
 * the change, with the API object as it was at that moment.
 */
export const events = table(
  'events',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    type: text('type').notNull(),
    object: jsonText<Record<string, unknown>>('object').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('events_merchant_idx').on(t.merchantId, t.id), index('events_merchant_type_idx').on(t.merchantId, t.type, t.id)],
);

export const webhookEndpointStatuses = ['enabled', 'disabled'] as const;
export type WebhookEndpointStatus = (typeof webhookEndpointStatuses)[number];

/**
 * Which API an endpoint was made through, and so what it receives: Tillpoint events signed
 * with `Tillpoint-Signature`, or Stripe-shaped events (`payment_intent.succeeded`, ...) signed
 * with `Stripe-Signature` for endpoints made through `/v1/webhook_endpoints`.
 */
export const webhookEndpointFormats = ['tillpoint', 'stripe'] as const;
export type WebhookEndpointFormat = (typeof webhookEndpointFormats)[number];

export const webhookEndpoints = table(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    url: text('url').notNull(),
    description: text('description'),
    format: text('format', { enum: webhookEndpointFormats }).notNull().default('tillpoint'),
    // Event types, `prefix.*` patterns, or `*` (Stripe's type names for a `stripe` endpoint).
    enabledEvents: jsonText<string[]>('enabled_events').notNull(),
    status: text('status', { enum: webhookEndpointStatuses }).notNull(),
    metadata: jsonText<Record<string, string>>('metadata').notNull().default({}),
    // Why it is disabled: `manual` or `too_many_failures` (auto-disabled); null when enabled.
    disabledReason: text('disabled_reason'),
    // The signing secret (`whsec_...`), AES-256-GCM sealed; the previous one stays valid until
    // `previous_secret_expires_at` after a roll, and deliveries carry both signatures meanwhile.
    secretSealed: text('secret_sealed').notNull(),
    previousSecretSealed: text('previous_secret_sealed'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at'),
    // Health since the last successful attempt: deliveries that ran out of attempts, and when
    // the first failed attempt happened (null while healthy).
    consecutiveFailedDeliveries: integer('consecutive_failed_deliveries').notNull().default(0),
    failingSince: timestamp('failing_since'),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
    // Deleted endpoints are kept (their deliveries reference them) but are invisible.
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [index('webhook_endpoints_merchant_idx').on(t.merchantId, t.status)],
);

export const webhookDeliveryStatuses = ['pending', 'succeeded', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** One event for one endpoint: created with the event (fan-out), or by a resend. */
export const webhookDeliveries = table(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    endpointId: text('endpoint_id').notNull().references(() => webhookEndpoints.id),
    eventId: text('event_id').notNull().references(() => events.id),
    // For a `stripe` endpoint: which of the Stripe events the Tillpoint event stands for
    // (one event can be several in Stripe's terms: `charge.succeeded` and `payment_intent.succeeded`).
    stripeEventType: text('stripe_event_type'),
    trigger: text('trigger', { enum: ['event', 'resend'] }).notNull(),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull(),
    attemptCount: integer('attempt_count').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at'),
    // A worker that claims a delivery owns it until `claimed_until`; a crashed worker's claim
    // simply expires and another worker sends it again (at-least-once).
    claimedBy: text('claimed_by'),
    claimedUntil: timestamp('claimed_until'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at').notNull(),
    completedAt: timestamp('completed_at'),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
    index('webhook_deliveries_event_idx').on(t.eventId),
  ],
);

/** Every HTTP attempt of a delivery, with what the receiver answered. */
export const webhookAttempts = table(
  'webhook_attempts',
  {
    id: serialId('id'),
    deliveryId: text('delivery_id').notNull().references(() => webhookDeliveries.id),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    endpointId: text('endpoint_id').notNull().references(() => webhookEndpoints.id),
    attempt: integer('attempt').notNull(),
    succeeded: boolean('succeeded').notNull(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    // At most 1 KB of what the receiver answered.
    responseBody: text('response_body'),
    error: text('error'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id), index('webhook_attempts_merchant_idx').on(t.merchantId, t.createdAt)],
);
