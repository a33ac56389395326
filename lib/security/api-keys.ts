import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { apiKeys } from '@/db/schema';
import { ApiError, notFound } from '@/lib/http/errors';
import { newId } from '@/lib/ids';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function randomBase62(length: number): string {
  // 256 is not a multiple of 62; rejecting bytes ≥ 248 keeps every character equally likely.
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return out;
}

export type CreatedApiKey = { id: string; secret: string; redacted: string; created: number };

/** Creates a secret key; the secret is returned once and only its hash is stored. */
export function createApiKey(db: Db, merchantId: string, label: KeyLabel = {}, now = Date.now()): Promise<CreatedApiKey> {
  return transaction(db, (tx) => insertApiKey(tx, merchantId, label, now));
}

type KeyLabel = { name?: string; createdBy?: string };

/** `createApiKey` inside the caller's transaction. */
export async function insertApiKey(tx: Db, merchantId: string, label: KeyLabel = {}, now = Date.now()): Promise<CreatedApiKey> {
  const secret = `sk_test_${randomBase62(32)}`;
  const redacted = `sk_test_…${secret.slice(-4)}`;
  const id = newId('key', now);
  await tx.insert(apiKeys).values({
    id,
    merchantId,
    keyHash: hashApiKey(secret),
    redacted,
    name: label.name ?? null,
    createdBy: label.createdBy ?? null,
    createdAt: now,
  });
  return { id, secret, redacted, created: now };
}

/** Revokes a key; with `merchantId`, only one of that merchant's keys (others are 404). */
export async function revokeApiKey(db: Db, keyId: string, merchantId?: string, now = Date.now()): Promise<void> {
  await transaction(db, async (tx) => {
    const where = merchantId ? and(eq(apiKeys.id, keyId), eq(apiKeys.merchantId, merchantId)) : eq(apiKeys.id, keyId);
    const [key] = await tx.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(where);
    if (!key) throw notFound('api key', keyId);
    if (key.revokedAt === null) await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, keyId));
  });
}

export type ApiKeyOwner = { merchantId: string; apiKeyId: string };

/** Resolves `Authorization: Bearer sk_...` to the key's merchant, or throws a 401. */
export async function authenticateApiKey(db: Db, authorization: string | null): Promise<ApiKeyOwner> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match) {
    throw new ApiError(
      'api_key_missing',
      'No API key provided. Send your secret key as "Authorization: Bearer sk_test_...".',
    );
  }
  const [key] = await db
    .select({ id: apiKeys.id, merchantId: apiKeys.merchantId, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hashApiKey(match[1])));
  if (!key) throw new ApiError('api_key_invalid', 'Invalid API key provided.');
  if (key.revokedAt !== null) throw new ApiError('api_key_revoked', 'This API key has been revoked.');
  return { merchantId: key.merchantId, apiKeyId: key.id };
}

export type ApiKey = typeof apiKeys.$inferSelect;

export async function listApiKeys(db: Db, merchantId: string): Promise<ApiKey[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.merchantId, merchantId)).orderBy(desc(apiKeys.id));
}

export function serializeApiKey(key: Pick<ApiKey, 'id' | 'redacted' | 'name' | 'createdBy' | 'createdAt' | 'revokedAt'>) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: key.id,
    object: 'api_key' as const,
    name: key.name,
    redacted: key.redacted,
    created_by: key.createdBy,
    created: iso(key.createdAt),
    revoked: iso(key.revokedAt),
    livemode: false,
  };
}
