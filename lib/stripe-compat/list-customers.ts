import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { customers } from '@/db/schema';
import type { Customer } from '@/lib/customers/get-customer';
import { cursorPage, cursorQuery } from './list';
import type { ListParams } from './params';

/** A merchant's customers that are not deleted, newest first, by Stripe's cursors; `email` filters exactly. */
export async function listCustomers(db: Db, merchantId: string, params: ListParams & { email?: string }): Promise<{ data: Customer[]; hasMore: boolean }> {
  const page = cursorQuery(customers.id, params, (id) => id);
  const rows = await db
    .select()
    .from(customers)
    .where(and(eq(customers.merchantId, merchantId), isNull(customers.deletedAt), params.email !== undefined ? eq(customers.email, params.email) : undefined, page.where))
    .orderBy(page.orderBy)
    .limit(page.limit);
  return cursorPage(rows, params, page.backwards);
}
