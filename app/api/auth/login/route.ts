import { z } from 'zod';
import { servedOverHttps } from '@/lib/http/https';
import { publicRoute } from '@/lib/http/route';
import { rateLimitHeaders } from '@/lib/security/rate-limits';
import { createSession, sessionCookies } from '@/lib/security/sessions';
import { signIn } from '@/lib/security/sign-in';

const loginBody = z.strictObject({ email: z.string().min(1).max(255), password: z.string().min(1).max(200) });

/** Email + password → a session row and its signed cookie (httpOnly JWT) with a CSRF companion. */
export const POST = publicRoute({ sameOriginJson: true, body: loginBody }, async ({ db, req, body, clientIp }) => {
  const { user, rateLimit } = await signIn(db, { email: body.email, password: body.password, ip: clientIp });
  const { token, csrf } = await createSession(db, { userId: user.id, userAgent: req.headers.get('user-agent'), ip: clientIp });
  const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store', ...(rateLimit ? rateLimitHeaders(rateLimit) : {}) });
  for (const cookie of sessionCookies(token, csrf, servedOverHttps(req))) headers.append('set-cookie', cookie);
  return new Response(JSON.stringify({ object: 'session', email: user.email, role: user.role }), { status: 200, headers });
});
