import { z } from 'zod';
import { getDb } from '@/db/client';
import { ApiError } from '@/lib/http/errors';
import { parseOrThrow, readJsonBody } from '@/lib/http/parse';
import { errorResponse } from '@/lib/http/route';
import { createSessionToken, sessionCookies } from '@/lib/security/sessions';
import { signIn } from '@/lib/security/sign-in';

const loginBody = z.strictObject({ email: z.string().min(1).max(255), password: z.string().min(1).max(200) });

/** Email + password → a signed session cookie (httpOnly JWT) and its CSRF companion. */
export async function POST(req: Request): Promise<Response> {
  try {
    const { value } = await readJsonBody(req);
    const { email, password } = parseOrThrow(loginBody, value);
    const user = await signIn(getDb(), email, password);
    const { token, csrf } = await createSessionToken({ userId: user.id, merchantId: user.merchantId, email: user.email, role: user.role });
    const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    for (const cookie of sessionCookies(token, csrf, new URL(req.url).protocol === 'https:')) headers.append('set-cookie', cookie);
    return new Response(JSON.stringify({ object: 'session', email: user.email, role: user.role }), { status: 200, headers });
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    throw error;
  }
}
