import type { Db } from '@/db/client';
import { DomainError } from '@/lib/errors';
import { authenticateApiKey } from './api-keys';
import type { Role } from './permissions';
import { CSRF_HEADER, readCookie, resolveSession, SESSION_COOKIE } from './sessions';

/** Who is calling: an API key (with its own role) or a signed-in user. */
export type Principal = {
  merchantId: string;
  role: Role;
  /** Recorded as who did it: the API key id or the user's email. */
  actor: string;
  via: 'api_key' | 'session';
  /** The signed-in user, or the person a key was made by (null for CLI keys). */
  userId: string | null;
  /** The signed-in user and their session row (session principals only). */
  session?: { id: string; userId: string };
};

/** An API key caller from an `Authorization: Bearer <secret>` header. */
export async function authenticateKey(db: Db, authorization: string | null): Promise<Principal> {
  const key = await authenticateApiKey(db, authorization);
  return { merchantId: key.merchantId, role: key.role, actor: key.apiKeyId, via: 'api_key', userId: key.userId };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A Bearer key wins; otherwise the session cookie. Cookie-authenticated calls that change
 * something must echo the session's CSRF token in X-CSRF-Token, which a cross-site form cannot.
 */
export async function authenticate(db: Db, req: Request): Promise<Principal> {
  const authorization = req.headers.get('authorization');
  if (authorization) return authenticateKey(db, authorization);
  const cookie = readCookie(req.headers.get('cookie'), SESSION_COOKIE);
  if (cookie === undefined) {
    throw new DomainError('api_key_missing', 'Sign in, or send your secret key as "Authorization: Bearer sk_test_...".');
  }
  // One indexed lookup: the session row (gone once signed out or revoked) joined to the user's
  // current role, so a change (or removal) takes effect at once.
  const session = await resolveSession(db, cookie);
  if (!session) throw new DomainError('session_expired', 'Your session has ended. Sign in again.');
  if (!SAFE_METHODS.has(req.method) && req.headers.get(CSRF_HEADER) !== session.csrf) {
    throw new DomainError('csrf_token_invalid', 'Missing or wrong X-CSRF-Token header for a signed-in request.');
  }
  return {
    merchantId: session.merchantId,
    role: session.role,
    actor: session.email,
    via: 'session',
    userId: session.userId,
    session: { id: session.sessionId, userId: session.userId },
  };
}
