import { z } from 'zod';
import { stripeRoute } from '@/lib/http/stripe/route';
import { webhookEndpointCreateParams } from '@/lib/stripe-compat/object-params';
import { listParams } from '@/lib/stripe-compat/params';
import { stripeList } from '@/lib/stripe-compat/serialize';
import { serializeStripeWebhookEndpoint } from '@/lib/stripe-compat/serialize-webhook-endpoint';
import { createStripeWebhookEndpoint, listStripeWebhookEndpoints } from '@/lib/stripe-compat/webhook-endpoints';

export const POST = stripeRoute({ permission: 'developers:manage', params: webhookEndpointCreateParams }, async ({ db, merchantId, params }) => {
  const { endpoint, secret } = await createStripeWebhookEndpoint(db, merchantId, params);
  return serializeStripeWebhookEndpoint(endpoint, secret);
});

export const GET = stripeRoute({ permission: 'developers:manage', params: z.strictObject(listParams) }, async ({ db, merchantId, params }) => {
  const page = await listStripeWebhookEndpoints(db, merchantId, params);
  return stripeList('/v1/webhook_endpoints', page.data.map((e) => serializeStripeWebhookEndpoint(e)), page.hasMore);
});
