import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Tillpoint-Signature';
/** Endpoints of the Stripe surface get the same signature under Stripe's name (stripe.webhooks.constructEvent reads it). */
export const STRIPE_SIGNATURE_HEADER = 'Stripe-Signature';

/** HMAC-SHA256 of `<t>.<raw body>` with one secret, hex. */
export function computeSignature(rawBody: string, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

/**
 * The `Tillpoint-Signature` header: `t=<unix seconds>,v1=<hex>`, with one `v1` per valid
 * secret (the new one first while a rolled secret is in its grace period).
 */
export function signWebhookPayload(rawBody: string, secrets: readonly string[], timestamp: number): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${computeSignature(rawBody, s, timestamp)}`)].join(',');
}
