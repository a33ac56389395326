import { NextResponse, type NextRequest } from 'next/server';
import { allowedMethods, checkApiRoute, hasUndecodableSegment, matchApiRoute } from '@/lib/http/check-api-route';
import { stripeErrorResponse, stripeOptionsResponse } from '@/lib/http/stripe/errors';
import { newNonce, pageContentSecurityPolicy } from '@/lib/http/security-headers';

/**
 * API requests (the native /api/v1 and the Stripe-compatible /v1): answers what Next.js would answer badly, a method the route does not have or a
 * path that does not decode, in the surface's error shape.
 *
 * Pages (every path outside /api and the build's static files, so /login, error pages and
 * unknown addresses too): a Content-Security-Policy with a fresh nonce. Next.js reads the nonce
 * from the *request's* CSP header while rendering and puts it on its inline bootstrap and chunk
 * scripts, so the policy goes on the request and on the answer (every page renders per
 * request: app/layout.tsx). Addresses that do not decode get a 400 here (Next.js would fail to
 * decode the page's params and answer a plain-text 500). A visitor without a session cookie who
 * opens a dashboard page goes to sign-in and comes back to that page afterwards (the dashboard
 * layout still verifies the session itself).
 *
 * Running the proxy costs each request a few tenths of a millisecond, so /api/health (the
 * framework's ceiling in benchmarks), /api/metrics (scrapes) and /_next/static stay out of it;
 * their headers come from next.config.ts and lib/http/https.ts.
 */
export function proxy(request: NextRequest): Response {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith('/api/')) return checkApiRoute(request.method, pathname) ?? NextResponse.next();
  if (pathname === '/v1' || pathname.startsWith('/v1/')) return checkApiRoute(request.method, pathname, stripeErrorResponse) ?? stripeOptions(request.method, pathname) ?? NextResponse.next();
  const policy = pageContentSecurityPolicy(newNonce());
  const response = pageAnswer(request, policy);
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

/** Next.js answers OPTIONS itself, without the Request-Id that every /v1 answer carries. */
function stripeOptions(method: string, pathname: string): Response | null {
  const match = method === 'OPTIONS' ? matchApiRoute(pathname) : null;
  return match ? stripeOptionsResponse(allowedMethods(match.route).join(', ')) : null;
}

const DASHBOARD_SECTIONS = ['/overview', '/payments', '/reviews', '/alerts', '/balances', '/reconciliation', '/developers', '/team'];
const isDashboardPage = (pathname: string) => DASHBOARD_SECTIONS.some((section) => pathname === section || pathname.startsWith(`${section}/`));

function pageAnswer(request: NextRequest, policy: string): Response {
  const { pathname, search } = request.nextUrl;
  if (hasUndecodableSegment(pathname)) return new Response('Bad Request: the address is not valid percent-encoding.', { status: 400 });
  if (isDashboardPage(pathname) && !request.cookies.has('tp_session')) {
    const login = new URL('/login', request.url);
    login.searchParams.set('next', pathname + search);
    return NextResponse.redirect(login);
  }
  const headers = new Headers(request.headers);
  headers.set('Content-Security-Policy', policy);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/api/v1/:path*', '/api/auth/:path*', '/((?!api/|_next/static/).*)'],
};
