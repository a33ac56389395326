import { apiRoute } from '@/lib/http/route';
import { listApiKeys, revokeApiKey, serializeApiKey } from '@/lib/security/api-keys';

export const POST = apiRoute({ permission: 'developers:manage' }, async ({ db, merchantId, params }) => {
  await revokeApiKey(db, params.id, merchantId);
  const key = (await listApiKeys(db, merchantId)).find((k) => k.id === params.id)!;
  return serializeApiKey(key);
});
