import Stripe from 'stripe';
import { inject } from 'vitest';
import { newMerchant } from './api-client';

/** The official SDK, unchanged, pointed at the suite's server. */
export function stripeFor(secretKey: string): Stripe {
  const url = new URL(inject('baseUrl'));
  return new Stripe(secretKey, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0, telemetry: false });
}

/** A fresh merchant with the SDK and the native API client for its key. */
export async function stripeMerchant(name = 'Stripe SDK merchant') {
  const merchant = await newMerchant(name);
  return { ...merchant, stripe: stripeFor(merchant.secretKey) };
}
