import type { SavedPaymentMethod } from '@/lib/customers/payment-methods';
import type { Customer } from '@/lib/customers/get-customer';
import { unixSeconds } from './serialize';

/** A customer in Stripe's shape; a deleted one is only its id and `deleted: true`, as Stripe answers. */
export function serializeCustomer(customer: Customer) {
  if (customer.deletedAt !== null) return serializeDeletedCustomer(customer.id);
  return {
    id: customer.id,
    object: 'customer' as const,
    address: null,
    balance: 0,
    created: unixSeconds(customer.createdAt),
    currency: null,
    default_source: null,
    delinquent: false,
    description: customer.description,
    email: customer.email,
    invoice_settings: { custom_fields: null, default_payment_method: customer.defaultPaymentMethod, footer: null, rendering_options: null },
    livemode: false,
    metadata: customer.metadata,
    name: customer.name,
    phone: customer.phone,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none' as const,
  };
}

export const serializeDeletedCustomer = (id: string) => ({ id, object: 'customer' as const, deleted: true as const });

const emptyBillingDetails = { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: null, name: null, phone: null };

/**
 * A PaymentMethod in Stripe's shape: a saved one (`customer` set, or null once detached), or
 * one of the fixed test payment methods, which belongs to no one.
 */
export function serializePaymentMethod(method: Pick<SavedPaymentMethod, 'id' | 'customerId' | 'card' | 'metadata' | 'createdAt'>) {
  const { card } = method;
  return {
    id: method.id,
    object: 'payment_method' as const,
    billing_details: emptyBillingDetails,
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: card.country,
      display_brand: card.brand,
      exp_month: card.exp_month,
      exp_year: card.exp_year,
      fingerprint: card.fingerprint,
      funding: card.funding,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      wallet: null,
    },
    created: unixSeconds(method.createdAt),
    customer: method.customerId,
    livemode: false,
    metadata: method.metadata,
    type: 'card' as const,
  };
}
