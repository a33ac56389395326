import qs from 'qs';
import { DomainError } from '@/lib/errors';
import { bodyText, JSON_BODY_LIMIT, readBody } from '../read-body';

// Stripe's deepest parameters are three levels (`payment_method_options[card][capture_method]`);
// a few more leave room, and the limits keep a hostile body from building huge objects.
const FORM_OPTIONS: qs.IParseOptions = {
  depth: 5,
  strictDepth: true,
  arrayLimit: 100,
  parameterLimit: 1000,
  throwOnLimitExceeded: true,
  allowPrototypes: false,
  plainObjects: true,
  ignoreQueryPrefix: true,
};

/**
 * Stripe's wire format: `a=1&metadata[order]=42&expand[0]=latest_charge&items[][price]=p`,
 * nested as Stripe nests it. Every leaf is a string; the route's schema coerces numbers and
 * booleans. Keys naming prototype machinery are refused.
 */
export function parseForm(text: string): Record<string, unknown> {
  for (const pair of text.replace(/^\?/, '').split('&')) {
    const key = decodeKey(pair.split('=')[0]);
    const forbidden = key.split(/[[\]]+/).find((segment) => FORBIDDEN_KEYS.has(segment));
    if (forbidden) throw new DomainError('parameter_invalid', `Invalid ${key}: "${forbidden}" is not accepted as a key.`, { param: key });
  }
  try {
    return qs.parse(text, FORM_OPTIONS) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DomainError('parameter_invalid', `The parameters could not be read: ${reason}`);
  }
}

// Keys naming prototype machinery: qs drops some silently, zod's record() would assign others.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/** A POST body: form-encoded as Stripe's clients send it; an empty body has no parameters. */
export async function readFormBody(req: Request): Promise<Record<string, unknown>> {
  const text = bodyText(await readBody(req, JSON_BODY_LIMIT));
  if (text.trim() === '') return {};
  const type = req.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new DomainError(
      'content_type_invalid',
      'The Stripe-compatible API takes application/x-www-form-urlencoded bodies, as Stripe does (the native JSON API is under /api/v1).',
    );
  }
  return parseForm(text);
}
