import { z } from 'zod';
import { apiRoute } from '@/lib/http/route';
import { createApiKeyFor, listApiKeys, serializeApiKey } from '@/lib/security/api-keys';
import { roles, type Role } from '@/lib/security/permissions';

export const GET = apiRoute({ permission: 'developers:manage' }, async ({ db, merchantId }) => ({
  object: 'list',
  data: (await listApiKeys(db, merchantId)).map(serializeApiKey),
  has_more: false,
}));

const createKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  // Defaults to the caller's own role; never one with permissions the caller lacks.
  role: z.enum(roles as [Role, ...Role[]]).optional(),
});

/** The secret is in this response only; Tillpoint keeps its hash. */
export const POST = apiRoute({ permission: 'developers:manage', body: createKeyBody, status: 201 }, async ({ db, principal, body }) => {
  const { key, secret } = await createApiKeyFor(db, principal, body);
  return { ...serializeApiKey(key), secret };
});
