import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
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
export function createApiKey(db: Db, merchantId: string, now = Date.now()): Promise<CreatedApiKey> {
  return transaction(db, (tx) => insertApiKey(tx, merchantId, now));
}

/** `createApiKey` inside the caller's transaction. */
export async function insertApiKey(tx: Db, merchantId: string, now = Date.now()): Promise<CreatedApiKey> {
  const secret = `sk_test_${randomBase62(32)}`;
  const redacted = `sk_test_…${secret.slice(-4)}`;
  const id = newId('key', now);
  await tx.insert(apiKeys).values({ id, merchantId, keyHash: hashApiKey(secret), redacted, createdAt: now });
  return { id, secret, redacted, created: now };
}

export async function revokeApiKey(db: Db, keyId: string, now = Date.now()): Promise<void> {
  await transaction(db, async (tx) => {
    const [key] = await tx.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, keyId));
    if (!key) throw notFound('api key', keyId);
    if (key.revokedAt === null) await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, keyId));
  });
}

export type Principal = { merchantId: string; apiKeyId: string };

/** Resolves `Authorization: Bearer sk_...` to the key's merchant, or throws a 401. */
export async function authenticateApiKey(db: Db, authorization: string | null): Promise<Principal> {
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
