import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import { DomainError } from '@/lib/errors';
import { derivedKey } from '@/lib/security/derived-keys';

/**
 * Parses `payment_details` with a method's schema; the first issue becomes a 400
 * `payment_details_invalid` whose param names the offending field.
 */
export function parseDetails<S extends z.ZodType>(schema: S, details: unknown): z.output<S> {
  const result = schema.safeParse(details);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // An unknown key is reported on the object itself; name the key instead.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  const param = ['payment_details', ...path.map(String)].join('.');
  const message = details === undefined || details === null ? 'payment_details is required for this method.' : `Invalid ${param}: ${issue.message}`;
  throw new DomainError('payment_details_invalid', message, { param });
}

/**
 * A stable, keyed fingerprint ("fp_" + 16 hex) that links repeat use of the same card or
 * account without storing it; keyed so nobody can confirm a guessed number from it.
 */
export function keyedFingerprint(value: string): string {
  return `fp_${createHmac('sha256', derivedKey('card-fingerprints')).update(value).digest('hex').slice(0, 16)}`;
}
