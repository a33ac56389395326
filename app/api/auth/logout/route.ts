import { clearedSessionCookies } from '@/lib/security/sessions';

export function POST(): Response {
  const headers = new Headers({ 'content-type': 'application/json' });
  for (const cookie of clearedSessionCookies()) headers.append('set-cookie', cookie);
  return new Response(JSON.stringify({ object: 'session', signed_out: true }), { status: 200, headers });
}
