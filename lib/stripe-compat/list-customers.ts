import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { customers, savedPaymentMethods } from '@/db/schema';
import { getCustomerOrThrow, type Customer } from '@/lib/customers/get-customer';
import type { SavedPaymentMethod } from '@/lib/customers/payment-methods';
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

/** A customer's payment methods, newest first, one page (Stripe's cursors on either side). */
export async function listPaymentMethodsOf(db: Db, args: { merchantId: string; customerId: string } & ListParams): Promise<{ data: SavedPaymentMethod[]; hasMore: boolean }> {
  await getCustomerOrThrow(db, args.merchantId, args.customerId);
  const page = cursorQuery(savedPaymentMethods.id, args, (id) => id);
  const rows = await db
    .select()
    .from(savedPaymentMethods)
    .where(and(eq(savedPaymentMethods.merchantId, args.merchantId), eq(savedPaymentMethods.customerId, args.customerId), page.where))
    .orderBy(page.orderBy)
    .limit(page.limit);
  return cursorPage(rows, args, page.backwards);
}
