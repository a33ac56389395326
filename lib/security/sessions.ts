import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, lte, ne, sql } from 'drizzle-orm';
import { jwtVerify, SignJWT } from 'jose';
import { transaction, type Db } from '@/db/client';
import { preparedQuery } from '@/db/sql';
import { sessions, users } from '@/db/schema';
import { newId } from '@/lib/ids';
import { z } from 'zod';
import { timestamp } from '@/lib/api-objects';
import { log } from '@/lib/log';
import { derivedKey } from './derived-keys';
import type { Role } from './permissions';

export const SESSION_COOKIE = 'tp_session';
export const CSRF_COOKIE = 'tp_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
const LAST_SEEN_EVERY_MS = 60_000;

/** A live session: its row, its user as the database has them now, and its CSRF token. */
export type Session = { sessionId: string; userId: string; merchantId: string; email: string; role: Role; csrf: string };

const signingKey = () => derivedKey('session-signing');

/**
 * Records a session row and signs a token naming it. The token carries only the row id, the
 * user id and the CSRF token: role and merchant are read from the database on every request.
 */
export async function createSession(
  db: Db,
  input: { userId: string; userAgent: string | null; ip: string | null },
  now = Date.now(),
): Promise<{ token: string; csrf: string; sessionId: string }> {
  const sessionId = newId('ses', now);
  await transaction(db, async (tx) => {
    // Expired rows of this user go when a new one comes, so the table stays the size of live sessions.
    await tx.delete(sessions).where(and(eq(sessions.userId, input.userId), lte(sessions.expiresAt, now)));
    await tx.insert(sessions).values({
      id: sessionId,
      userId: input.userId,
      createdAt: now,
      expiresAt: now + SESSION_TTL_SECONDS * 1000,
      lastSeenAt: now,
      userAgent: input.userAgent?.slice(0, 255) ?? null,
      ip: input.ip,
    });
  });
  const csrf = randomBytes(24).toString('base64url');
  const token = await new SignJWT({ sid: sessionId, csrf })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(input.userId)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + SESSION_TTL_SECONDS)
    .sign(signingKey());
  return { token, csrf, sessionId };
}

const lookupSession = preparedQuery('session_lookup', (db) =>
  db
    .select({
      sessionId: sessions.id,
      userId: users.id,
      merchantId: users.merchantId,
      email: users.email,
      role: users.role,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('id'))),
);

/**
 * The session a cookie value names, or null if it is forged, expired, malformed, or its row is
 * gone (signed out, revoked). One primary-key lookup joined to the user.
 */
export async function resolveSession(db: Db, token: string | undefined, now = Date.now()): Promise<Session | null> {
  if (!token) return null;
  let claims: { sub?: unknown; sid?: unknown; csrf?: unknown };
  try {
    claims = (await jwtVerify(token, signingKey(), { algorithms: ['HS256'] })).payload;
  } catch {
    return null;
  }
  if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string' || typeof claims.csrf !== 'string') return null;
  const [row] = await lookupSession(db, { id: claims.sid });
  if (!row || row.userId !== claims.sub || row.expiresAt <= now) return null;
  if (now - row.lastSeenAt >= LAST_SEEN_EVERY_MS) touch(db, row.sessionId, now);
  return { sessionId: row.sessionId, userId: row.userId, merchantId: row.merchantId, email: row.email, role: row.role, csrf: claims.csrf };
}

/** Not awaited: "last seen" is informational and must not hold a request behind the write queue. */
function touch(db: Db, sessionId: string, now: number): void {
  transaction(db, (tx) => tx.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sessionId))).catch((err) =>
    log.warn({ err, session_id: sessionId }, 'could not record session last seen'),
  );
}

export type SessionRow = typeof sessions.$inferSelect;

export async function listSessions(db: Db, userId: string, now = Date.now()): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.id));
}

/** Ends one of the user's sessions; false if the user has no such session. */
export async function revokeSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  return transaction(db, async (tx) => {
    const gone = await tx.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId))).returning({ id: sessions.id });
    return gone.length > 0;
  });
}

/**
 * Ends every session of a user (but `except`, the caller's own), inside the caller's
 * transaction: a password or role change and its revocations commit together.
 */
export async function revokeUserSessions(tx: Db, userId: string, except?: string): Promise<number> {
  const where = except ? and(eq(sessions.userId, userId), ne(sessions.id, except)) : eq(sessions.userId, userId);
  return (await tx.delete(sessions).where(where).returning({ id: sessions.id })).length;
}

export const sessionObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('session'),
    created: timestamp,
    last_seen: timestamp,
    expires: timestamp,
    user_agent: z.string().nullable(),
    ip: z.string().nullable(),
    current: z.boolean().describe('The session making this request.'),
  })
  .meta({ id: 'Session', description: 'A dashboard sign-in of the current user.' });

export function serializeSession(row: SessionRow, currentId: string | undefined): z.infer<typeof sessionObject> {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    id: row.id,
    object: 'session' as const,
    created: iso(row.createdAt),
    last_seen: iso(row.lastSeenAt),
    expires: iso(row.expiresAt),
    user_agent: row.userAgent,
    ip: row.ip,
    current: row.id === currentId,
  };
}

/** One cookie's value from a Cookie header; a value that is not valid percent-encoding is kept as sent. */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    const value = rest.join('=');
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}

/**
 * Set-Cookie values for a new session: the JWT (httpOnly) and its CSRF token (readable by the
 * page). `secure` when the answer goes out over https (lib/http/https.ts), so the browser never
 * sends them over plain http.
 */
export function sessionCookies(token: string, csrf: string, secure: boolean): string[] {
  const flags = `Path=/; SameSite=Lax; Max-Age=${SESSION_TTL_SECONDS}${secure ? '; Secure' : ''}`;
  return [`${SESSION_COOKIE}=${token}; HttpOnly; ${flags}`, `${CSRF_COOKIE}=${csrf}; ${flags}`];
}

/** Clears both cookies, with the same flags they were set with. */
export function clearedSessionCookies(secure: boolean): string[] {
  return [SESSION_COOKIE, CSRF_COOKIE].map((name) => `${name}=; Path=/; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`);
}
