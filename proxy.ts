import { NextResponse, type NextRequest } from 'next/server';
import { checkApiRoute, hasUndecodableSegment } from '@/lib/http/check-api-route';

/**
 * Answers what Next.js would answer badly: API requests with a method the route does not have
 * or a path that does not decode (in the standard error shape), and dashboard addresses that do
 * not decode. A visitor without a session cookie who opens a dashboard page goes to sign-in and
 * comes back to that page afterwards. (The dashboard layout still verifies the session itself.)
 * The matcher lists the API and the dashboard's pages; nothing else runs through here. Running
 * a proxy costs each request a few tenths of a millisecond, so /api/health (the framework's
 * ceiling in benchmarks) and /api/metrics (scrapes), which take no input, stay out of it.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith('/api/')) return checkApiRoute(request.method, pathname) ?? NextResponse.next();
  // Next.js would fail to decode the page's params and answer a plain-text 500.
  if (hasUndecodableSegment(pathname)) return new Response('Bad Request: the address is not valid percent-encoding.', { status: 400 });
  if (request.cookies.has('tp_session')) return NextResponse.next();
  const login = new URL('/login', request.url);
  login.searchParams.set('next', pathname + search);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/api/v1/:path*', '/api/auth/:path*', '/overview/:path*', '/payments/:path*', '/reviews/:path*', '/alerts/:path*', '/balances/:path*', '/reconciliation/:path*', '/developers/:path*', '/team/:path*'],
};
