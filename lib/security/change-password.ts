import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { users } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { newPassword } from './password-policy';
import { hashPassword } from './passwords';
import { revokeUserSessions } from './sessions';
import { signIn } from './sign-in';

export const changePasswordBody = z.strictObject({
  current_password: z.string().min(1).max(200),
  new_password: newPassword,
});

/**
 * Sets a new password after checking the current one, and ends every other session of the
 * user (a stolen cookie dies with the old password). The current password is checked exactly
 * as a sign-in is, under the same per-IP limit and account lockout, so a stolen session cannot
 * be used to guess it without limit.
 */
export async function changePassword(
  db: Db,
  input: { userId: string; sessionId: string; ip: string | null; body: z.infer<typeof changePasswordBody> },
): Promise<{ sessionsRevoked: number }> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, input.userId));
  if (!user) throw new DomainError('session_expired', 'Your session has ended. Sign in again.');
  if (input.body.new_password === input.body.current_password) {
    throw new DomainError('parameter_invalid', 'Invalid new_password: must differ from the current password.', { param: 'new_password' });
  }
  try {
    await signIn(db, { email: user.email, password: input.body.current_password, ip: input.ip });
  } catch (error) {
    // A 401 here would read as "signed out" to the dashboard; the session is fine, the field is wrong.
    if (error instanceof DomainError && error.code === 'credentials_invalid') {
      throw new DomainError('parameter_invalid', 'Invalid current_password: it is not your current password.', { param: 'current_password' });
    }
    throw error;
  }
  const passwordHash = await hashPassword(input.body.new_password);
  return transaction(db, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, input.userId));
    return { sessionsRevoked: await revokeUserSessions(tx, input.userId, input.sessionId) };
  });
}
