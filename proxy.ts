import { NextResponse, type NextRequest } from 'next/server';

/**
 * A visitor without a session cookie who opens a dashboard page goes to sign-in and comes back
 * to that page afterwards. (The dashboard layout still verifies the session itself.)
 */
export function proxy(request: NextRequest) {
  if (request.cookies.has('tp_session')) return NextResponse.next();
  const login = new URL('/login', request.url);
  login.searchParams.set('next', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/overview/:path*', '/payments/:path*', '/reviews/:path*', '/alerts/:path*', '/balances/:path*', '/reconciliation/:path*', '/developers/:path*', '/team/:path*'],
};
