import { asc, desc, gt, lt, type AnyColumn, type SQL } from 'drizzle-orm';
import type { ListParams } from './params';

/**
 * Stripe's cursors over a time-ordered id column, newest first: `starting_after` pages towards
 * older objects, `ending_before` towards newer ones (the page just before the cursor, still
 * newest first). `cursor` turns the caller's Stripe id into the column's id.
 */
export function cursorQuery(column: AnyColumn, params: ListParams, cursor: (stripeId: string) => string) {
  const backwards = params.ending_before !== undefined;
  const where: SQL | undefined = backwards
    ? gt(column, cursor(params.ending_before!))
    : params.starting_after !== undefined
      ? lt(column, cursor(params.starting_after))
      : undefined;
  return { where, orderBy: backwards ? asc(column) : desc(column), limit: params.limit + 1, backwards };
}

/** The page from rows fetched with `cursorQuery` (one extra row says whether more follow). */
export function cursorPage<T>(rows: T[], params: ListParams, backwards: boolean): { data: T[]; hasMore: boolean } {
  const data = rows.slice(0, params.limit);
  return { data: backwards ? data.reverse() : data, hasMore: rows.length > params.limit };
}
