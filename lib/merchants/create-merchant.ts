import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { merchants, users } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { parseOrThrow } from '@/lib/validation';
import { newId } from '@/lib/ids';
import { insertApiKey } from '@/lib/security/api-keys';
import { newPassword } from '@/lib/security/password-policy';
import { hashPassword } from '@/lib/security/passwords';

const input = z.object({
  name: z.string().trim().min(1).max(200),
  owner: z
    .object({ email: z.email().transform((e) => e.toLowerCase()), password: newPassword })
    .optional(),
  /** The first key's name (default "Default key"). */
  keyName: z.string().trim().min(1).max(100).optional(),
});

export type CreatedMerchant = { merchantId: string; secretKey: string; apiKeyId: string; email: string | null };

/** A merchant, its owner user (when given) and a first secret API key. */
export async function createMerchant(db: Db, args: z.input<typeof input>, now = Date.now()): Promise<CreatedMerchant> {
  const { name, owner, keyName = 'Default key' } = parseOrThrow(input, args);
  const passwordHash = owner ? await hashPassword(owner.password) : null;
  return transaction(db, async (tx) => {
    const merchantId = newId('acct', now);
    await tx.insert(merchants).values({ id: merchantId, name, createdAt: now });
    const ownerId = owner ? newId('user', now) : null;
    if (owner && passwordHash && ownerId) {
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, owner.email));
      if (taken) throw new DomainError('parameter_invalid', `A user with email ${owner.email} already exists.`, { param: 'email' });
      await tx.insert(users).values({
        id: ownerId,
        merchantId,
        email: owner.email,
        passwordHash,
        role: 'owner',
        createdAt: now,
      });
    }
    // The first key is the owner's: made at setup, it answers to the owner user when there is one.
    const { key, secret } = await insertApiKey(tx, merchantId, { role: 'owner', name: keyName, createdBy: owner?.email, createdByUserId: ownerId }, now);
    return { merchantId, secretKey: secret, apiKeyId: key.id, email: owner?.email ?? null };
  });
}
