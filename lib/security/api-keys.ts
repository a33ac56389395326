import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { preparedQuery } from '@/db/sql';
import { apiKeys } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';
import { z } from 'zod';
import { livemode, timestamp } from '@/lib/api-objects';
import { newId } from '@/lib/ids';
import { roles, roleWithin, rolesWithin, type Role } from './permissions';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** `last_used` is kept to the minute: at most one write per key per minute on the hot path. */
const LAST_USED_RESOLUTION_MS = 60_000;

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

export type ApiKey = typeof apiKeys.$inferSelect;
export type CreatedApiKey = { key: ApiKey; secret: string };

/**
 * Who a key is made by. `role` is the key's own; `createdBy` is what the list shows (an email,
 * a key id, or nothing for the CLI) and `createdByUserId` the person whose authority it carries.
 */
export type NewKey = { role: Role; name?: string; createdBy?: string; createdByUserId?: string | null };

/** Creates a secret key; the secret is returned once and only its hash is stored. */
export function createApiKey(db: Db, merchantId: string, spec: NewKey, now = Date.now()): Promise<CreatedApiKey> {
  return transaction(db, (tx) => insertApiKey(tx, merchantId, spec, now));
}

/** `createApiKey` inside the caller's transaction. */
export async function insertApiKey(tx: Db, merchantId: string, spec: NewKey, now = Date.now()): Promise<CreatedApiKey> {
  const secret = `sk_test_${randomBase62(32)}`;
  const [key] = await tx
    .insert(apiKeys)
    .values({
      id: newId('key', now),
      merchantId,
      keyHash: hashApiKey(secret),
      redacted: `sk_test_…${secret.slice(-4)}`,
      name: spec.name ?? null,
      role: spec.role,
      createdBy: spec.createdBy ?? null,
      createdByUserId: spec.createdByUserId ?? null,
      createdAt: now,
    })
    .returning();
  return { key, secret };
}

/** Whoever creates or revokes a key through the API: a signed-in user or another key. */
export type KeyManager = { merchantId: string; role: Role; actor: string; userId: string | null };

function refuseBeyond(manager: KeyManager, role: Role, doing: 'create' | 'revoke'): void {
  if (roleWithin(role, manager.role)) return;
  const allowed = rolesWithin(manager.role).join(', ');
  throw new DomainError(
    'permission_denied',
    `You cannot ${doing} a key with the ${role} role: it has permissions your role (${manager.role}) lacks. You may use: ${allowed}. Keys of other roles need an owner signed in to the dashboard.`,
    doing === 'create' ? { param: 'role' } : {},
  );
}

/** A key made through the API: its role defaults to, and may never exceed, the caller's. */
export async function createApiKeyFor(db: Db, manager: KeyManager, input: { name?: string; role?: Role }, now = Date.now()): Promise<CreatedApiKey> {
  const role = input.role ?? manager.role;
  refuseBeyond(manager, role, 'create');
  // A key made with a key answers to the person behind that key (`userId` of a key caller), so
  // removing that person reaches it too.
  return createApiKey(db, manager.merchantId, { role, name: input.name, createdBy: manager.actor, createdByUserId: manager.userId }, now);
}

/** Revokes one of the manager's merchant's keys (others are 404); never one beyond their role. */
export async function revokeApiKeyFor(db: Db, manager: KeyManager, keyId: string, now = Date.now()): Promise<ApiKey> {
  return transaction(db, async (tx) => {
    const [key] = await tx.select().from(apiKeys).where(and(eq(apiKeys.id, keyId), eq(apiKeys.merchantId, manager.merchantId)));
    if (!key) throw notFound('api key', keyId);
    refuseBeyond(manager, key.role, 'revoke');
    if (key.revokedAt !== null) return key;
    const [revoked] = await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, keyId)).returning();
    return revoked;
  });
}

/** Revokes a key by id, whoever's it is: for the operator's CLI. */
export async function revokeApiKey(db: Db, keyId: string, now = Date.now()): Promise<void> {
  await transaction(db, async (tx) => {
    const [key] = await tx.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, keyId));
    if (!key) throw notFound('api key', keyId);
    if (key.revokedAt === null) await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, keyId));
  });
}

/**
 * Keeps a user's keys within what they may do, inside the caller's transaction: with `role`
 * null (the user is removed) all their keys are revoked, otherwise those with a role beyond
 * the new one. Revoking rather than quietly narrowing keeps failures loud: an integration gets
 * `api_key_revoked`, not a puzzling `permission_denied` on some calls. Returns how many.
 */
export async function revokeKeysBeyondRole(tx: Db, userId: string, role: Role | null, now = Date.now()): Promise<number> {
  const beyond = roles.filter((r) => role === null || !roleWithin(r, role));
  if (beyond.length === 0) return 0;
  const revoked = await tx
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.createdByUserId, userId), isNull(apiKeys.revokedAt), inArray(apiKeys.role, beyond)))
    .returning({ id: apiKeys.id });
  return revoked.length;
}

export type AuthenticatedKey = { merchantId: string; apiKeyId: string; role: Role; userId: string | null };

const apiKeyByHash = preparedQuery('api_key_by_hash', (db) =>
  db
    .select({ id: apiKeys.id, merchantId: apiKeys.merchantId, role: apiKeys.role, userId: apiKeys.createdByUserId, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, sql.placeholder('keyHash'))),
);

/** Resolves `Authorization: Bearer sk_...` to the key's merchant and role, or throws a 401. */
export async function authenticateApiKey(db: Db, authorization: string | null, now = Date.now()): Promise<AuthenticatedKey> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match) {
    throw new DomainError(
      'api_key_missing',
      'No API key provided. Send your secret key as "Authorization: Bearer sk_test_...".',
    );
  }
  const [key] = await apiKeyByHash(db, { keyHash: hashApiKey(match[1]) });
  if (!key) throw new DomainError('api_key_invalid', 'Invalid API key provided.');
  if (key.revokedAt !== null) throw new DomainError('api_key_revoked', 'This API key has been revoked.');
  if (key.lastUsedAt === null || now - key.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
    await transaction(db, (tx) => tx.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, key.id)));
  }
  return { merchantId: key.merchantId, apiKeyId: key.id, role: key.role, userId: key.userId };
}

export async function listApiKeys(db: Db, merchantId: string): Promise<ApiKey[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.merchantId, merchantId)).orderBy(desc(apiKeys.id));
}

export const apiKeyObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('api_key'),
    name: z.string().nullable(),
    redacted: z.string().describe('The secret with all but its ends hidden: `sk_test_…4f2a`.'),
    role: z.enum(roles as [Role, ...Role[]]),
    created_by: z.string().nullable().describe('An email, the id of the key it was made with, or null when made with the CLI.'),
    created: timestamp,
    last_used: timestamp.nullable(),
    revoked: timestamp.nullable(),
    livemode,
  })
  .meta({
    id: 'ApiKey',
    examples: [{ id: 'key_01JDXB', object: 'api_key', name: 'Checkout server', redacted: 'sk_test_…4f2a', role: 'developer', created_by: 'owner@example.com', created: '2026-11-30T12:00:00.000Z', last_used: null, revoked: null, livemode: false }],
  });

/** The create answer: the only time the secret is shown. */
export const newApiKeyObject = apiKeyObject.extend({ secret: z.string() }).meta({ id: 'NewApiKey', description: 'A new key with its secret (`sk_test_…`), shown once.' });

export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  role: z.enum(roles as [Role, ...Role[]]).optional().describe("Defaults to the caller's own role; never one with permissions the caller lacks."),
});

export function serializeApiKey(key: ApiKey): z.infer<typeof apiKeyObject> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: key.id,
    object: 'api_key' as const,
    name: key.name,
    redacted: key.redacted,
    role: key.role,
    /** An email, the id of the key it was made with, or null when made with the CLI. */
    created_by: key.createdBy,
    created: new Date(key.createdAt).toISOString(),
    last_used: iso(key.lastUsedAt),
    revoked: iso(key.revokedAt),
    livemode: false,
  };
}

export type SerializedApiKey = ReturnType<typeof serializeApiKey>;
