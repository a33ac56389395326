import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { customers } from '@/db/schema';
import { DomainError } from '@/lib/errors';

export type Customer = typeof customers.$inferSelect;

/** The customer, deleted or not, of this merchant; another merchant's is not found. */
export async function findCustomer(db: Db, merchantId: string, id: string): Promise<Customer | undefined> {
  const [customer] = await db
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), eq(customers.merchantId, merchantId)));
  return customer;
}

/** A customer that exists and is not deleted, or 404 (naming `param`, where the id came from). */
export async function getCustomerOrThrow(db: Db, merchantId: string, id: string, param = 'id'): Promise<Customer> {
  const customer = await findCustomer(db, merchantId, id);
  if (!customer || customer.deletedAt !== null) throw new DomainError('resource_missing', `No such customer: '${id}'`, { param });
  return customer;
}
