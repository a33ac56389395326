import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { derivedKey } from './derived-keys';
import type { Role } from './permissions';

export const SESSION_COOKIE = 'tp_session';
export const CSRF_COOKIE = 'tp_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export type Session = { userId: string; merchantId: string; email: string; role: Role; csrf: string };

const signingKey = () => derivedKey('session-signing');

export async function createSessionToken(user: Omit<Session, 'csrf'>): Promise<{ token: string; csrf: string }> {
  const csrf = randomBytes(24).toString('base64url');
  const token = await new SignJWT({ mid: user.merchantId, email: user.email, role: user.role, csrf })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.userId)
    .setIssuedAt()
    .setExpirationTime(`${SESSION_TTL_SECONDS}s`)
    .sign(signingKey());
  return { token, csrf };
}

/** The session in a token, or null if it is missing, forged or expired. */
export async function readSessionToken(token: string | undefined): Promise<Session | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, signingKey(), { algorithms: ['HS256'] });
    return {
      userId: String(payload.sub),
      merchantId: String(payload.mid),
      email: String(payload.email),
      role: payload.role as Role,
      csrf: String(payload.csrf),
    };
  } catch {
    return null;
  }
}

/** A cookie's value, or undefined if it is absent or not valid percent-encoding (then it is no cookie of ours). */
export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Set-Cookie values for a new session: the JWT (httpOnly) and its CSRF token (readable by the page). */
export function sessionCookies(token: string, csrf: string, secure: boolean): string[] {
  const flags = `Path=/; SameSite=Lax; Max-Age=${SESSION_TTL_SECONDS}${secure ? '; Secure' : ''}`;
  return [`${SESSION_COOKIE}=${token}; HttpOnly; ${flags}`, `${CSRF_COOKIE}=${csrf}; ${flags}`];
}

export function clearedSessionCookies(): string[] {
  return [SESSION_COOKIE, CSRF_COOKIE].map((name) => `${name}=; Path=/; SameSite=Lax; Max-Age=0`);
}
