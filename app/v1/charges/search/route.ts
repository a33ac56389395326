import { unsupportedStripeEndpoint } from '@/lib/http/stripe/unsupported';

// Stripe's search (`?query=…`) is outside the subset; without this route the path would read as the id `search`.
export const GET = unsupportedStripeEndpoint;
