import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { merchants, users } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { timestamp } from '@/lib/api-objects';
import { revokeKeysBeyondRole } from '@/lib/security/api-keys';
import { newPassword } from '@/lib/security/password-policy';
import { hashPassword } from '@/lib/security/passwords';
import { roles, type Role } from '@/lib/security/permissions';
import { revokeUserSessions } from '@/lib/security/sessions';

export type User = typeof users.$inferSelect;

export const addUserBody = z.strictObject({
  email: z.email().max(255).transform((e) => e.toLowerCase()),
  password: newPassword,
  role: z.enum(roles as [Role, ...Role[]]),
});

export const changeRoleBody = z.strictObject({ role: z.enum(roles as [Role, ...Role[]]) });

export async function listUsers(db: Db, merchantId: string): Promise<User[]> {
  return db.select().from(users).where(eq(users.merchantId, merchantId)).orderBy(asc(users.createdAt), asc(users.id));
}

/** Adds a user with an initial password the owner hands over. */
export async function addUser(db: Db, merchantId: string, body: z.infer<typeof addUserBody>, now = Date.now()): Promise<User> {
  const passwordHash = await hashPassword(body.password);
  return transaction(db, async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, body.email));
    if (taken) throw new DomainError('parameter_invalid', `A user with email ${body.email} already exists.`, { param: 'email' });
    const [user] = await tx
      .insert(users)
      .values({ id: newId('user', now), merchantId, email: body.email, passwordHash, role: body.role, createdAt: now })
      .returning();
    return user;
  });
}

/**
 * Changes a role or removes a user, never leaving the account without an owner. In the same
 * transaction the API keys they made are revoked: all of them on removal, those whose role
 * goes beyond the new one on a change.
 */
export async function changeUser(db: Db, merchantId: string, id: string, change: { role: Role } | 'remove', now = Date.now()): Promise<User> {
  return transaction(db, async (tx) => {
    const [user] = await tx.select().from(users).where(and(eq(users.id, id), eq(users.merchantId, merchantId)));
    if (!user) throw notFound('user', id);
    const losesOwner = user.role === 'owner' && (change === 'remove' || change.role !== 'owner');
    if (losesOwner) {
      const owners = await tx.select({ id: users.id }).from(users).where(and(eq(users.merchantId, merchantId), eq(users.role, 'owner')));
      if (owners.length === 1) throw new DomainError('parameter_invalid', 'The account needs at least one owner.', { param: 'role' });
    }
    await revokeKeysBeyondRole(tx, id, change === 'remove' ? null : change.role, now);
    // Sessions: a removed user, or one whose role changed, signs in again (lib/security/sessions.ts).
    if (change === 'remove' || change.role !== user.role) await revokeUserSessions(tx, id);
    if (change === 'remove') {
      await tx.delete(users).where(eq(users.id, id));
      return user;
    }
    const [updated] = await tx.update(users).set({ role: change.role }).where(eq(users.id, id)).returning();
    return updated;
  });
}

export const userObject = z
  .strictObject({ id: z.string(), object: z.literal('user'), email: z.email(), role: z.enum(roles as [Role, ...Role[]]), created: timestamp })
  .meta({ id: 'User', description: 'A person who signs in to the dashboard.', examples: [{ id: 'user_01JDXA', object: 'user', email: 'ana@example.com', role: 'support', created: '2026-11-30T12:00:00.000Z' }] });

export function serializeUser(user: User): z.infer<typeof userObject> {
  return { id: user.id, object: 'user' as const, email: user.email, role: user.role, created: new Date(user.createdAt).toISOString() };
}

export async function merchantName(db: Db, merchantId: string): Promise<string> {
  const [row] = await db.select({ name: merchants.name }).from(merchants).where(eq(merchants.id, merchantId));
  return row?.name ?? '';
}
