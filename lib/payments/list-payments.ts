import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import { paymentsMatching } from '@/db/payment-search';
import type { Db } from '@/db/client';
import { payments } from '@/db/schema';
import type { Payment } from './payment-store';
import type { ListPaymentsQuery } from './schemas';
import { pageOf } from '@/lib/list';

function endOfDay(value: string): number {
  // A bare date as an upper bound means "through the end of that day".
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T23:59:59.999Z`) : Date.parse(value);
}

/**
 * Newest first. Ids are time-ordered, so `starting_after` is simply "ids below this one":
 * pages never skip or repeat a row, even while new payments arrive.
 */
export async function listPayments(db: Db, merchantId: string, query: ListPaymentsQuery): Promise<{ data: Payment[]; hasMore: boolean }> {
  const conditions: (SQL | undefined)[] = [eq(payments.merchantId, merchantId)];
  if (query.starting_after) conditions.push(lt(payments.id, query.starting_after));
  if (query.status) conditions.push(eq(payments.status, query.status));
  if (query.method) conditions.push(eq(payments.method, query.method));
  if (query.customer_id) conditions.push(eq(payments.customerId, query.customer_id));
  if (query['created[gte]']) conditions.push(gte(payments.createdAt, Date.parse(query['created[gte]'])));
  if (query['created[lte]']) conditions.push(lte(payments.createdAt, endOfDay(query['created[lte]'])));
  const q = query.q?.trim();
  if (q) conditions.push(paymentsMatching(q));
  const rows = await db
    .select()
    .from(payments)
    .where(and(...conditions))
    .orderBy(desc(payments.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}
