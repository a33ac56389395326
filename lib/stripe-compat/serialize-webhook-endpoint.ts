import type { WebhookEndpoint } from '@/lib/webhooks/endpoints';
import { STRIPE_API_VERSION } from './api-version';
import { unixSeconds } from './serialize';

/** A webhook endpoint in Stripe's shape; `secret` only in the answer that created it. */
export function serializeStripeWebhookEndpoint(endpoint: WebhookEndpoint, secret?: string) {
  return {
    id: endpoint.id,
    object: 'webhook_endpoint' as const,
    api_version: STRIPE_API_VERSION,
    application: null,
    created: unixSeconds(endpoint.createdAt),
    description: endpoint.description,
    enabled_events: endpoint.enabledEvents,
    livemode: false,
    metadata: endpoint.metadata,
    ...(secret !== undefined ? { secret } : {}),
    status: endpoint.status,
    url: endpoint.url,
  };
}
