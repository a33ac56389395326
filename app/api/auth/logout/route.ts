import { getDb } from '@/db/client';
import { DomainError } from '@/lib/errors';
import { servedOverHttps } from '@/lib/http/https';
import { errorResponse } from '@/lib/http/route';
import { assertSameOriginJson } from '@/lib/http/same-origin-json';
import { clearedSessionCookies, readCookie, resolveSession, revokeSession, SESSION_COOKIE } from '@/lib/security/sessions';

/** Ends the session server-side (its row is deleted, so a copy of the cookie is dead too) and clears the cookies. */
export async function POST(req: Request): Promise<Response> {
  try {
    assertSameOriginJson(req);
  } catch (error) {
    if (error instanceof DomainError) return errorResponse(error);
    throw error;
  }
  const db = getDb();
  const session = await resolveSession(db, readCookie(req.headers.get('cookie'), SESSION_COOKIE));
  if (session) await revokeSession(db, session.userId, session.sessionId);
  const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' });
  for (const cookie of clearedSessionCookies(servedOverHttps(req))) headers.append('set-cookie', cookie);
  return new Response(JSON.stringify({ object: 'session', signed_out: true }), { status: 200, headers });
}
