import { stripeRoute } from '@/lib/http/stripe/route';
import { webhookEndpointUpdateParams } from '@/lib/stripe-compat/object-params';
import { serializeStripeWebhookEndpoint } from '@/lib/stripe-compat/serialize-webhook-endpoint';
import { updateStripeWebhookEndpoint } from '@/lib/stripe-compat/webhook-endpoints';
import { deleteEndpoint, getEndpointOrThrow } from '@/lib/webhooks/endpoints';

export const GET = stripeRoute({ permission: 'developers:manage' }, async ({ db, merchantId, path }) =>
  serializeStripeWebhookEndpoint(await getEndpointOrThrow(db, merchantId, path.id, 'stripe')),
);

export const POST = stripeRoute({ permission: 'developers:manage', params: webhookEndpointUpdateParams }, async ({ db, merchantId, path, params }) =>
  serializeStripeWebhookEndpoint(await updateStripeWebhookEndpoint(db, merchantId, path.id, params)),
);

export const DELETE = stripeRoute({ permission: 'developers:manage' }, async ({ db, merchantId, path }) => deleteEndpoint(db, merchantId, path.id, Date.now(), 'stripe'));
