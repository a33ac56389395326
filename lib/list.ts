import { and, eq, lt, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { DomainError } from '@/lib/errors';

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

type CursorTable = SQLiteTable & { id: SQLiteColumn; merchantId: SQLiteColumn };

/**
 * "Rows after the cursor" for a list paged newest first by time-ordered id: ids below it.
 * A cursor that names none of the merchant's rows is refused (a typo or a cursor from another
 * list), not answered with an empty page that reads as "nothing more".
 */
export async function afterCursor(db: Db, table: CursorTable, merchantId: string, startingAfter: string | undefined): Promise<SQL | undefined> {
  if (startingAfter === undefined) return undefined;
  await assertCursor(db, table, merchantId, startingAfter);
  return lt(table.id, startingAfter);
}

/** Throws `parameter_invalid` (param `starting_after`) unless the id is one of the merchant's rows. */
export async function assertCursor(db: Db, table: CursorTable, merchantId: string, startingAfter: string): Promise<void> {
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.id, startingAfter), eq(table.merchantId, merchantId)))
    .limit(1);
  if (!row) {
    throw new DomainError('parameter_invalid', `starting_after '${startingAfter}' is not an id from this list: pass a next_cursor the list returned.`, {
      param: 'starting_after',
    });
  }
}
