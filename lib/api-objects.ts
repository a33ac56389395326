import { z } from 'zod';

/**
 * Building blocks of the API's response schemas. Each serialized object has a zod schema beside
 * its serializer, which the serializer's return type is derived from; the OpenAPI document
 * (lib/http/openapi) is generated from the same schemas, so the two cannot drift.
 */

/** An instant as the API writes it: `Date.prototype.toISOString()` (UTC, milliseconds). */
export const timestamp = z.iso.datetime();

/** An amount as the API writes it: a decimal string in the currency's major unit (`"125.50"`). */
export const decimalAmount = z.string().regex(/^-?\d+(\.\d+)?$/).meta({ examples: ['125.50'] });

/** An ISO 4217 code, uppercase in every answer. */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/).meta({ examples: ['USD'] });

export const livemode = z.literal(false);

/** The one list envelope (lib/list.ts `listResponse`): `next_cursor` on lists that page. */
export function pagedListOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ object: z.literal('list'), data: z.array(item), has_more: z.boolean(), next_cursor: z.string().nullable() });
}

/** A short list that never pages (team, alerts, rules): no `next_cursor`. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ object: z.literal('list'), data: z.array(item), has_more: z.boolean() });
}

/** What a DELETE answers: the id, the object type and `deleted: true`. */
export function deletedObject<O extends string>(object: O) {
  return z.strictObject({ id: z.string(), object: z.literal(object), deleted: z.literal(true) });
}
