import { DomainError } from '@/lib/errors';
import { stripeErrorResponse } from '@/lib/http/stripe/errors';

/** Any /v1 path without a route: Stripe's 404, saying the endpoint is not part of the subset. */
function unsupported(req: Request): Response {
  const { pathname } = new URL(req.url);
  return stripeErrorResponse(
    new DomainError(
      'route_missing',
      `Unrecognized request URL (${req.method}: ${pathname}). Tillpoint's Stripe-compatible API does not support this endpoint; README "Use the Stripe SDK" lists what it supports.`,
    ),
  );
}

export { unsupported as GET, unsupported as POST, unsupported as DELETE, unsupported as PATCH, unsupported as PUT };
