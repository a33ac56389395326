import { z } from 'zod';

/**
 * Zod pieces for Stripe's form parameters. A form carries only strings, so integers and
 * booleans are parsed from their text, strictly (`"10"`, `"true"`; not `"1e1"` or `"yes"`).
 */
export const formInteger = z
  .string()
  .regex(/^-?\d{1,15}$/, 'must be an integer')
  .transform(Number);

export const formBoolean = z.enum(['true', 'false']).transform((value) => value === 'true');

/** An amount in minor units, as Stripe takes it: a positive integer. */
export const formAmount = formInteger.pipe(z.number().int().positive('must be a positive integer (minor units: 1000 is $10.00)'));

/** Stripe's metadata: up to 50 keys of 40 characters, values of 500. */
export const formMetadata = z
  .record(z.string().max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 50, 'metadata may have at most 50 keys');

/** Stripe's list parameters; `limit` is 1–100, 10 by default. */
export const listParams = {
  limit: formInteger.pipe(z.number().int().min(1).max(100)).default(10),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
};
export type ListParams = { limit: number; starting_after?: string; ending_before?: string };
