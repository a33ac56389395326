import { and, eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { customers, savedPaymentMethods, type SavedCard } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { getCustomerOrThrow } from './get-customer';

export type SavedPaymentMethod = typeof savedPaymentMethods.$inferSelect;

export async function findSavedPaymentMethod(db: Db, merchantId: string, id: string): Promise<SavedPaymentMethod | undefined> {
  const [method] = await db
    .select()
    .from(savedPaymentMethods)
    .where(and(eq(savedPaymentMethods.id, id), eq(savedPaymentMethods.merchantId, merchantId)));
  return method;
}

/**
 * Attaches a payment method to a customer. A fixed test payment method (`template`, with the
 * card it stands for) is saved as a new `pm_...` of the customer's, as Stripe does; a saved one
 * is attached as itself. A saved one attached to another customer, or detached, is refused:
 * Stripe does not move or reuse them either.
 */
export async function attachPaymentMethod(
  db: Db,
  args: { merchantId: string; customerId: string; paymentMethodId: string; template: { card: SavedCard } | null; now?: number },
): Promise<SavedPaymentMethod> {
  const now = args.now ?? Date.now();
  return transaction(db, async (tx) => {
    const customer = await getCustomerOrThrow(tx, args.merchantId, args.customerId);
    if (args.template) {
      const [created] = await tx
        .insert(savedPaymentMethods)
        .values({
          id: newId('pm', now),
          merchantId: args.merchantId,
          customerId: customer.id,
          template: args.paymentMethodId,
          card: args.template.card,
          metadata: {},
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return created;
    }
    const method = await findSavedPaymentMethod(tx, args.merchantId, args.paymentMethodId);
    if (!method) throw notFound('PaymentMethod', args.paymentMethodId);
    if (method.customerId === customer.id) return method;
    if (method.customerId !== null) {
      throw new DomainError('payment_method_unexpected_state', 'The payment method you provided is already attached to another customer; payment methods are not moved between customers.', { param: 'customer' });
    }
    throw new DomainError('payment_method_unexpected_state', 'This PaymentMethod was detached from a customer and may not be used again.');
  });
}

/** Detaches a saved payment method from its customer (and stops it being the default). */
export async function detachPaymentMethod(db: Db, args: { merchantId: string; paymentMethodId: string; now?: number }): Promise<SavedPaymentMethod> {
  const now = args.now ?? Date.now();
  return transaction(db, async (tx) => {
    const method = await findSavedPaymentMethod(tx, args.merchantId, args.paymentMethodId);
    if (!method) throw notFound('PaymentMethod', args.paymentMethodId);
    if (method.customerId === null) throw new DomainError('payment_method_unexpected_state', 'The payment method you provided is not attached to a customer so detachment is impossible.');
    await tx
      .update(customers)
      .set({ defaultPaymentMethod: null, updatedAt: now })
      .where(and(eq(customers.id, method.customerId), eq(customers.defaultPaymentMethod, method.id)));
    const [detached] = await tx
      .update(savedPaymentMethods)
      .set({ customerId: null, detachedAt: now, updatedAt: now })
      .where(eq(savedPaymentMethods.id, method.id))
      .returning();
    return detached;
  });
}

/** Detaches every payment method of a customer being deleted, in the caller's transaction. */
export async function detachAllOf(tx: Db, customerId: string, now: number): Promise<void> {
  await tx.update(savedPaymentMethods).set({ customerId: null, detachedAt: now, updatedAt: now }).where(eq(savedPaymentMethods.customerId, customerId));
}
