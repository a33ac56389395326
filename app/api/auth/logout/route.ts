import { servedOverHttps } from '@/lib/http/https';
import { publicRoute } from '@/lib/http/route';
import { clearedSessionCookies, readCookie, resolveSession, revokeSession, SESSION_COOKIE } from '@/lib/security/sessions';

/** Ends the session server-side (its row is deleted, so a copy of the cookie is dead too) and clears the cookies. */
export const POST = publicRoute({ sameOriginJson: true }, async ({ db, req }) => {
  const session = await resolveSession(db, readCookie(req.headers.get('cookie'), SESSION_COOKIE));
  if (session) await revokeSession(db, session.userId, session.sessionId);
  const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' });
  for (const cookie of clearedSessionCookies(servedOverHttps(req))) headers.append('set-cookie', cookie);
  return new Response(JSON.stringify({ object: 'session', signed_out: true }), { status: 200, headers });
});
