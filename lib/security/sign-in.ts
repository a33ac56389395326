import { eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { loginAttempts, users } from '@/db/schema';
import { ApiError } from '@/lib/http/errors';
import { hashPassword, verifyPassword } from './passwords';

export const MAX_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

// Compared against when the email is unknown, so both answers take the same time.
const decoyHash = hashPassword('tillpoint-decoy-password');

export type SignedInUser = typeof users.$inferSelect;

/**
 * Checks an email and password. After MAX_FAILURES wrong attempts for one email, sign-in is
 * locked for 15 minutes, even with the right password; the message says until when.
 */
export async function signIn(db: Db, emailInput: string, password: string, now = Date.now()): Promise<SignedInUser> {
  const email = emailInput.trim().toLowerCase();
  const [attempts] = await db.select().from(loginAttempts).where(eq(loginAttempts.email, email));
  if (attempts?.lockedUntil && attempts.lockedUntil > now) throw locked(attempts.lockedUntil, now);

  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
  if (user && ok) {
    if (attempts) await transaction(db, async (tx) => tx.delete(loginAttempts).where(eq(loginAttempts.email, email)));
    return user;
  }

  const lockedUntil = await transaction(db, async (tx) => {
    const [current] = await tx.select().from(loginAttempts).where(eq(loginAttempts.email, email));
    // Failures from before an expired lockout start a fresh count.
    const previous = current && !(current.lockedUntil && current.lockedUntil <= now) ? current.failures : 0;
    const failures = previous + 1;
    const until = failures >= MAX_FAILURES ? now + LOCKOUT_MS : null;
    await tx
      .insert(loginAttempts)
      .values({ email, failures, lockedUntil: until, updatedAt: now })
      .onConflictDoUpdate({ target: loginAttempts.email, set: { failures, lockedUntil: until, updatedAt: now } });
    return until;
  });
  if (lockedUntil) throw locked(lockedUntil, now);
  throw new ApiError('credentials_invalid', 'Incorrect email or password.');
}

function locked(until: number, now: number): ApiError {
  const minutes = Math.ceil((until - now) / 60_000);
  return new ApiError(
    'login_locked',
    `Too many failed sign-in attempts. Sign-in for this account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}.`,
  );
}
