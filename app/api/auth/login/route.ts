import { z } from 'zod';
import { getDb } from '@/db/client';
import { clientIp } from '@/lib/http/client-ip';
import { DomainError } from '@/lib/errors';
import { servedOverHttps } from '@/lib/http/https';
import { parseOrThrow } from '@/lib/validation';
import { readJsonBody } from '@/lib/http/parse';
import { errorResponse } from '@/lib/http/route';
import { assertSameOriginJson } from '@/lib/http/same-origin-json';
import { rateLimitHeaders, RateLimitedError } from '@/lib/security/rate-limits';
import { createSession, sessionCookies } from '@/lib/security/sessions';
import { signIn } from '@/lib/security/sign-in';

const loginBody = z.strictObject({ email: z.string().min(1).max(255), password: z.string().min(1).max(200) });

/** Email + password → a session row and its signed cookie (httpOnly JWT) with a CSRF companion. */
export async function POST(req: Request): Promise<Response> {
  try {
    assertSameOriginJson(req);
    const { value } = await readJsonBody(req);
    const { email, password } = parseOrThrow(loginBody, value);
    const db = getDb();
    const ip = clientIp(req);
    const { user, rateLimit } = await signIn(db, { email, password, ip });
    const { token, csrf } = await createSession(db, { userId: user.id, userAgent: req.headers.get('user-agent'), ip });
    const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store', ...(rateLimit ? rateLimitHeaders(rateLimit) : {}) });
    for (const cookie of sessionCookies(token, csrf, servedOverHttps(req))) headers.append('set-cookie', cookie);
    return new Response(JSON.stringify({ object: 'session', email: user.email, role: user.role }), { status: 200, headers });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const response = errorResponse(error);
    if (error instanceof RateLimitedError) {
      for (const [name, value] of Object.entries(rateLimitHeaders(error.state, true))) response.headers.set(name, value);
    }
    return response;
  }
}
