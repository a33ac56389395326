import { unsupportedStripeEndpoint as unsupported } from '@/lib/http/stripe/unsupported';

/** Any /v1 path without a route: Stripe's 404, saying the endpoint is not part of the subset. */
export { unsupported as GET, unsupported as POST, unsupported as DELETE, unsupported as PATCH, unsupported as PUT, unsupported as OPTIONS };
