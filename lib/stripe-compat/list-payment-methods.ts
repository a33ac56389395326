import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { savedPaymentMethods } from '@/db/schema';
import { getCustomerOrThrow } from '@/lib/customers/get-customer';
import type { SavedPaymentMethod } from '@/lib/customers/payment-methods';
import { cursorPage, cursorQuery } from './list';
import type { ListParams } from './params';

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
