import Stripe from 'stripe';
import { inject } from 'vitest';
import { newMerchant } from './api-client';

/** The official SDK pointed at the test server, as a merchant would point it at Tillpoint. */
export function stripeClient(secretKey: string): Stripe {
  const { hostname, port } = new URL(inject('baseUrl'));
  return new Stripe(secretKey, { host: hostname, port: Number(port), protocol: 'http', maxNetworkRetries: 0, telemetry: false });
}

export async function newStripeMerchant() {
  const merchant = await newMerchant();
  return { ...merchant, stripe: stripeClient(merchant.secretKey) };
}

/** A raw /v1 request, for what the SDK cannot send (wrong content types, unknown methods). */
export async function v1Fetch(path: string, init: RequestInit & { key?: string | null } = {}) {
  const { key, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  const res = await fetch(`${inject('baseUrl')}${path}`, { ...rest, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text.startsWith('{') ? JSON.parse(text) : null };
}

/** The error a promise rejects with (the test fails if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
