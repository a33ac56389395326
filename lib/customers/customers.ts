import { eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { customers } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { mergeMetadata } from '@/lib/metadata';
import { getCustomerOrThrow, type Customer } from './get-customer';
import { detachAllOf, findSavedPaymentMethod } from './payment-methods';

/** What a customer says about itself; `null` clears a field on update. */
export type CustomerFields = {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  description?: string | null;
  /** Merged into what is stored (lib/metadata.ts). */
  metadata?: Record<string, string> | null;
  defaultPaymentMethod?: string | null;
};

async function assertOwnPaymentMethod(tx: Db, customer: Customer, paymentMethodId: string | null | undefined) {
  if (!paymentMethodId) return;
  const method = await findSavedPaymentMethod(tx, customer.merchantId, paymentMethodId);
  if (method?.customerId !== customer.id) {
    throw new DomainError('parameter_invalid', `No such PaymentMethod attached to this customer: '${paymentMethodId}'.`, { param: 'invoice_settings[default_payment_method]' });
  }
}

export async function createCustomer(db: Db, args: { merchantId: string; fields: CustomerFields; now?: number }): Promise<Customer> {
  const now = args.now ?? Date.now();
  const { fields } = args;
  if (fields.defaultPaymentMethod) {
    throw new DomainError('parameter_invalid', 'A new customer has no payment methods yet: attach one, then set it as the default.', { param: 'invoice_settings[default_payment_method]' });
  }
  const [created] = await db
    .insert(customers)
    .values({
      id: newId('cus', now),
      merchantId: args.merchantId,
      email: fields.email ?? null,
      name: fields.name ?? null,
      phone: fields.phone ?? null,
      description: fields.description ?? null,
      metadata: mergeMetadata({}, fields.metadata),
      defaultPaymentMethod: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return created;
}

export async function updateCustomer(db: Db, args: { merchantId: string; id: string; fields: CustomerFields; now?: number }): Promise<Customer> {
  const now = args.now ?? Date.now();
  const { fields } = args;
  return transaction(db, async (tx) => {
    const current = await getCustomerOrThrow(tx, args.merchantId, args.id);
    await assertOwnPaymentMethod(tx, current, fields.defaultPaymentMethod);
    const changes: Partial<Customer> = { updatedAt: now, metadata: mergeMetadata(current.metadata, fields.metadata) };
    for (const key of ['email', 'name', 'phone', 'description', 'defaultPaymentMethod'] as const) {
      if (fields[key] !== undefined) changes[key] = fields[key];
    }
    const [updated] = await tx.update(customers).set(changes).where(eq(customers.id, current.id)).returning();
    return updated;
  });
}

/**
 * Deletes a customer: it answers `deleted: true` from then on and can no longer be changed or
 * paid for; its payments keep naming it. Its saved payment methods are detached, as Stripe does.
 */
export async function deleteCustomer(db: Db, args: { merchantId: string; id: string; now?: number }) {
  const now = args.now ?? Date.now();
  return transaction(db, async (tx) => {
    const current = await getCustomerOrThrow(tx, args.merchantId, args.id);
    await tx.update(customers).set({ deletedAt: now, updatedAt: now, defaultPaymentMethod: null }).where(eq(customers.id, current.id));
    await detachAllOf(tx, current.id, now);
    return current.id;
  });
}
