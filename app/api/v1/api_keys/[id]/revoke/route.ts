import { apiRoute } from '@/lib/http/route';
import { revokeApiKeyFor, serializeApiKey } from '@/lib/security/api-keys';

export const POST = apiRoute({ permission: 'developers:manage' }, async ({ db, principal, params }) =>
  serializeApiKey(await revokeApiKeyFor(db, principal, params.id)),
);
