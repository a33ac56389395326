import { eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { loginAttempts, users } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { hashPassword, needsRehash, verifyPassword } from './passwords';
import { giveBackSignInAttempt, takeSignInAttempt, type RateLimitState } from './rate-limits';

export const MAX_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

// Compared against when the email is unknown, so both answers take the same time.
const decoyHash = hashPassword('tillpoint-decoy-password');

export type SignedInUser = typeof users.$inferSelect;

export type SignInAttempt = { email: string; password: string; ip: string | null };

/**
 * Checks an email and password.
 *
 * Two limits, both taken *before* the password is checked, so a burst of parallel guesses
 * cannot outrun them: the per-IP limit (rate-limits.ts: the main defence against guessing and
 * against locking other people's accounts), and the per-account lockout. Each attempt is
 * counted as a failure up front, in one transaction with the lock check, and a success wipes
 * the count; so at most MAX_FAILURES guesses are ever evaluated against one account, however
 * many arrive at once, and a crash mid-check counts as a failure rather than a free guess.
 * The attempt that reaches MAX_FAILURES locks the account for 15 minutes; while locked, even
 * the right password is refused (the lock protects the account, not the attempt), which is
 * why the per-IP limit exists: one address cannot lock more than a few accounts a minute.
 */
export async function signIn(db: Db, attempt: SignInAttempt, now = Date.now()): Promise<{ user: SignedInUser; rateLimit: RateLimitState | null }> {
  const email = attempt.email.trim().toLowerCase();
  await takeSignInAttempt(db, attempt.ip);
  const lockedUntil = await reserveAttempt(db, email, now);

  const [user] = await db.select().from(users).where(eq(users.email, email));
  const ok = await verifyPassword(attempt.password, user?.passwordHash ?? (await decoyHash));
  if (!user || !ok) throw lockedUntil ? locked(lockedUntil, now) : new DomainError('credentials_invalid', 'Incorrect email or password.');

  // Hashes from before today's scrypt parameters are upgraded now that the password is known.
  const upgraded = needsRehash(user.passwordHash) ? await hashPassword(attempt.password) : null;
  await transaction(db, async (tx) => {
    await tx.delete(loginAttempts).where(eq(loginAttempts.email, email));
    if (upgraded) await tx.update(users).set({ passwordHash: upgraded }).where(eq(users.id, user.id));
  });
  const rateLimit = await giveBackSignInAttempt(db, attempt.ip);
  return { user: upgraded ? { ...user, passwordHash: upgraded } : user, rateLimit };
}

/**
 * Counts the attempt as a failure before its password is checked; throws while locked.
 * Returns the lock this attempt set by reaching MAX_FAILURES (lifted again if it succeeds).
 */
async function reserveAttempt(db: Db, email: string, now: number): Promise<number | null> {
  // The read decides the write: on SQLite BEGIN IMMEDIATE serializes it; on PostgreSQL it
  // must take the row lock (SELECT ... FOR UPDATE), as ARCHITECTURE.md requires.
  return transaction(db, async (tx) => {
    const [current] = await tx.select().from(loginAttempts).where(eq(loginAttempts.email, email));
    if (current?.lockedUntil && current.lockedUntil > now) throw locked(current.lockedUntil, now);
    // Failures from before an expired lockout start a fresh count.
    const failures = (current && current.lockedUntil === null ? current.failures : 0) + 1;
    const lockedUntil = failures >= MAX_FAILURES ? now + LOCKOUT_MS : null;
    await tx
      .insert(loginAttempts)
      .values({ email, failures, lockedUntil, updatedAt: now })
      .onConflictDoUpdate({ target: loginAttempts.email, set: { failures, lockedUntil, updatedAt: now } });
    return lockedUntil;
  });
}

function locked(until: number, now: number): DomainError {
  const minutes = Math.ceil((until - now) / 60_000);
  return new DomainError(
    'login_locked',
    `Too many failed sign-in attempts. Sign-in for this account is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}.`,
  );
}
