import { z } from 'zod';
import { apiRoute } from '@/lib/http/route';
import { createApiKey, listApiKeys, serializeApiKey } from '@/lib/security/api-keys';

export const GET = apiRoute({ permission: 'developers:manage' }, async ({ db, merchantId }) => ({
  object: 'list',
  data: (await listApiKeys(db, merchantId)).map(serializeApiKey),
  has_more: false,
}));

const createKeyBody = z.strictObject({ name: z.string().trim().min(1).max(100).optional() });

/** The secret is in this response only; Tillpoint keeps its hash. */
export const POST = apiRoute({ permission: 'developers:manage', body: createKeyBody, status: 201 }, async ({ db, merchantId, principal, body }) => {
  const key = await createApiKey(db, merchantId, { name: body.name, createdBy: principal.actor });
  return {
    ...serializeApiKey({ id: key.id, redacted: key.redacted, name: body.name ?? null, createdBy: principal.actor, createdAt: key.created, revokedAt: null }),
    secret: key.secret,
  };
});
