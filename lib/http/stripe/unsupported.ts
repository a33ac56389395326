import { DomainError } from '@/lib/errors';
import { stripeErrorResponse } from './errors';

/** A /v1 endpoint outside the subset: Stripe's 404, saying it is not supported. */
export function unsupportedStripeEndpoint(req: Request): Response {
  const { pathname } = new URL(req.url);
  return stripeErrorResponse(
    new DomainError(
      'route_missing',
      `Unrecognized request URL (${req.method}: ${pathname}). Tillpoint's Stripe-compatible API does not support this endpoint; README "Use the Stripe SDK" lists what it supports.`,
    ),
  );
}
