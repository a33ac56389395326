import { apiRoutes, type ApiRouteEntry } from './api-routes';
import { httpStatus } from './errors';
import { errorBody, newRequestId } from './error-body';
import { DomainError } from '@/lib/errors';

export type RouteMatch = {
  route: ApiRouteEntry;
  /** The first dynamic segment whose percent-encoding does not decode, e.g. `id` for `/payments/%zz`. */
  undecodableParam?: string;
};

const decodeSegment = (segment: string): string | null => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
};

/** True if a path segment is not valid percent-encoding (`%zz`, `%c0%af`), which Next.js cannot route. */
export const hasUndecodableSegment = (pathname: string): boolean =>
  pathname.split('/').some((segment) => decodeSegment(segment) === null);

// Methods Next.js hands to a route file; any other (PROPFIND, SEARCH, ...) it answers 400 with no body.
const DISPATCHED_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH']);

const patterns = apiRoutes.map((route) => ({ route, segments: route.path.split('/').filter(Boolean) }));

/**
 * The table route a raw (still percent-encoded) path belongs to, the way Next.js picks it:
 * a static segment beats a dynamic one at the first place they differ
 * (`/risk/rules/test` before `/risk/rules/[id]`).
 */
export function matchApiRoute(pathname: string): RouteMatch | null {
  const raw = pathname.split('/').slice(1);
  // No route has an empty segment: `/v1/customers/` and `/v1//customers` are not `/v1/customers`.
  if (raw.includes('')) return null;
  const given = raw.map(decodeSegment);
  let best: { match: RouteMatch; rank: string } | null = null;
  for (const { route, segments } of patterns) {
    if (segments.length !== given.length) continue;
    let rank = '';
    let undecodableParam: string | undefined;
    const matches = segments.every((pattern, i) => {
      const dynamic = pattern.startsWith('[');
      rank += dynamic ? '1' : '0';
      if (!dynamic) return given[i] === pattern;
      if (given[i] === null) undecodableParam ??= pattern.slice(1, -1);
      return true;
    });
    if (matches && (!best || rank < best.rank)) best = { match: { route, undecodableParam }, rank };
  }
  return best?.match ?? null;
}

/** What an OPTIONS request would list: the exported methods, and HEAD and OPTIONS which Next.js adds. */
export function allowedMethods(route: ApiRouteEntry): string[] {
  const allowed = new Set([...route.methods, 'OPTIONS']);
  if (allowed.has('GET')) allowed.add('HEAD');
  return [...allowed].sort();
}

export type Refusal = (error: DomainError, headers?: Record<string, string>) => Response;

/** The native API's refusal: the standard error shape. */
export function nativeRefusal(error: DomainError, headers: Record<string, string> = {}): Response {
  const requestId = newRequestId();
  return new Response(errorBody(error, requestId), {
    status: httpStatus(error.code),
    headers: { 'content-type': 'application/json; charset=utf-8', 'request-id': requestId, 'cache-control': 'no-store', ...headers },
  });
}

/**
 * Answers, in the standard error shape, the API requests Next.js itself would answer badly:
 * a method the route does not export (Next.js: 405 with an empty body) and a path that is not
 * valid percent-encoding (Next.js: a DecodeError whose error page cannot render in an
 * App-Router-only build, so a plain-text 500). Returns null for everything else. `refuse`
 * renders the answer in the surface's own error shape (the Stripe-compatible /v1 has Stripe's).
 */
export function checkApiRoute(method: string, pathname: string, refuse: Refusal = nativeRefusal): Response | null {
  const match = matchApiRoute(pathname);
  if (!match) {
    // Unknown paths go on to the catch-all route, except where Next.js would not reach it.
    if (!hasUndecodableSegment(pathname) && DISPATCHED_METHODS.has(method)) return null;
    return refuse(new DomainError('route_missing', `Unrecognized request URL (${method} ${pathname}).`));
  }
  if (match.undecodableParam) {
    const param = match.undecodableParam;
    return refuse(new DomainError('parameter_invalid', `Invalid ${param}: the path segment is not valid percent-encoding.`, { param }));
  }
  const allowed = allowedMethods(match.route);
  if (!allowed.includes(method)) {
    return refuse(new DomainError('method_not_allowed', `${method} is not supported on ${match.route.path}; use ${allowed.join(', ')}.`), {
      allow: allowed.join(', '),
    });
  }
  return null;
}
