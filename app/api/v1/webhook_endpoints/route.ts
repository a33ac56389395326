import { apiRoute } from '@/lib/http/route';
import { createEndpoint, createEndpointBody, listEndpoints, serializeEndpoint } from '@/lib/webhooks/endpoints';

export const POST = apiRoute({ permission: 'developers:manage', body: createEndpointBody, status: 201 }, async ({ db, merchantId, body }) => {
  const { endpoint, secret } = await createEndpoint(db, merchantId, body);
  return serializeEndpoint(endpoint, secret);
});

export const GET = apiRoute({ permission: 'developers:manage' }, async ({ db, merchantId }) => ({
  object: 'list',
  data: (await listEndpoints(db, merchantId)).map((e) => serializeEndpoint(e)),
  has_more: false,
}));
