import type { z } from 'zod';
import { DomainError } from '@/lib/errors';

/** Turns the first zod issue into a 400 that names the parameter, in the API's dotted form. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, paramPrefix = ''): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = [paramPrefix, ...issue.path.map(String)].filter(Boolean).join('.');
  const given = issue.path.reduce<unknown>((v, key) => (v as Record<PropertyKey, unknown> | undefined)?.[key], value);
  const missing = issue.code === 'invalid_type' && given === undefined;
  if (missing) {
    throw new DomainError('parameter_missing', `Missing required parameter: ${param}.`, { param });
  }
  const where = param ? `Invalid ${param}: ` : 'Invalid request: ';
  throw new DomainError('parameter_invalid', where + issue.message, { param: param || undefined });
}
