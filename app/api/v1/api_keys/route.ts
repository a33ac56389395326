import { apiRoute } from '@/lib/http/route';
import { createApiKeyBody, createApiKeyFor, listApiKeys, serializeApiKey } from '@/lib/security/api-keys';

export const GET = apiRoute({ permission: 'developers:manage' }, async ({ db, merchantId }) => ({
  object: 'list',
  data: (await listApiKeys(db, merchantId)).map(serializeApiKey),
  has_more: false,
}));

/** The secret is in this response only; Tillpoint keeps its hash. */
export const POST = apiRoute({ permission: 'developers:manage', body: createApiKeyBody, status: 201 }, async ({ db, principal, body }) => {
  const { key, secret } = await createApiKeyFor(db, principal, body);
  return { ...serializeApiKey(key), secret };
});
