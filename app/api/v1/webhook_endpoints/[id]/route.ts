import { apiRoute } from '@/lib/http/route';
import { deleteEndpoint, getEndpointOrThrow, serializeEndpoint, updateEndpoint, updateEndpointBody } from '@/lib/webhooks/endpoints';

export const GET = apiRoute({ permission: 'developers:manage' }, async ({ db, merchantId, params }) =>
  serializeEndpoint(await getEndpointOrThrow(db, merchantId, params.id)),
);

const update = apiRoute({ permission: 'developers:manage', body: updateEndpointBody }, async ({ db, merchantId, params, body }) =>
  serializeEndpoint(await updateEndpoint(db, merchantId, params.id, body)),
);
export { update as PATCH, update as POST };

export const DELETE = apiRoute({ permission: 'developers:manage' }, async ({ db, merchantId, params }) => deleteEndpoint(db, merchantId, params.id));
