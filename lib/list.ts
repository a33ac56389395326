import { z } from 'zod';

/** A date or date-time in a query filter (`created[gte]=2026-11-01`). */
export const isoDateParam = z.iso.datetime({ offset: true }).or(z.iso.date());

/** Lists fetch `limit + 1` rows: the extra one only says whether another page follows. */
export function pageOf<T>(rows: T[], limit: number): { data: T[]; hasMore: boolean } {
  return { data: rows.slice(0, limit), hasMore: rows.length > limit };
}

/** The one list envelope of the API; the cursor for the next page is the last id. */
export function listResponse<T extends { id: string }>(data: T[], hasMore: boolean) {
  return { object: 'list' as const, data, has_more: hasMore, next_cursor: hasMore ? data.at(-1)!.id : null };
}
