/** The Stripe API version Tillpoint answers in when the caller names none (the one stripe-node 23 pins). */
export const STRIPE_API_VERSION = '2026-10-28.endive';
