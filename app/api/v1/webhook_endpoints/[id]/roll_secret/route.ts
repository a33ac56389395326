import { apiRoute } from '@/lib/http/route';
import { rollEndpointSecret, rollSecretBody, serializeEndpoint } from '@/lib/webhooks/endpoints';

export const POST = apiRoute({ permission: 'developers:manage', body: rollSecretBody }, async ({ db, merchantId, params, body }) => {
  const { endpoint, secret } = await rollEndpointSecret(db, merchantId, params.id, body);
  return serializeEndpoint(endpoint, secret);
});
