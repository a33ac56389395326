import { describe, expect, it } from 'vitest';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { dbWithMerchant } from '@/tests/test-db';
import { createCustomer, deleteCustomer, updateCustomer } from './customers';
import { findCustomer, getCustomerOrThrow } from './get-customer';
import { attachPaymentMethod, detachPaymentMethod, findSavedPaymentMethod } from './payment-methods';

const visa = { card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2099, funding: 'credit', country: 'US', fingerprint: 'fp_test' } };

describe('customers', () => {
  it('merges metadata as Stripe does and clears fields set to null', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const customer = await createCustomer(db, { merchantId, fields: { email: 'a@example.com', metadata: { a: '1', b: '2' } } });
    expect(customer.id).toMatch(/^cus_/);
    const updated = await updateCustomer(db, { merchantId, id: customer.id, fields: { email: null, metadata: { a: '', c: '3' } } });
    expect(updated).toMatchObject({ email: null, metadata: { b: '2', c: '3' } });
    expect((await updateCustomer(db, { merchantId, id: customer.id, fields: { metadata: null } })).metadata).toEqual({});
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    await expect(updateCustomer(db, { merchantId, id: customer.id, fields: { metadata: tooMany } })).rejects.toMatchObject({ code: 'parameter_invalid', param: 'metadata' });
  });

  it("keeps a customer to its merchant and takes only its own payment method as the default", async () => {
    const { db, merchantId } = await dbWithMerchant();
    const other = await createMerchant(db, { name: 'Other' });
    const customer = await createCustomer(db, { merchantId, fields: {} });
    await expect(getCustomerOrThrow(db, other.merchantId, customer.id)).rejects.toMatchObject({ code: 'resource_missing' });
    const stranger = await createCustomer(db, { merchantId, fields: {} });
    const theirs = await attachPaymentMethod(db, { merchantId, customerId: stranger.id, paymentMethodId: 'pm_card_visa', template: visa });
    await expect(updateCustomer(db, { merchantId, id: customer.id, fields: { defaultPaymentMethod: theirs.id } })).rejects.toMatchObject({ code: 'parameter_invalid' });
    const mine = await attachPaymentMethod(db, { merchantId, customerId: customer.id, paymentMethodId: 'pm_card_visa', template: visa });
    expect(mine).toMatchObject({ customerId: customer.id, template: 'pm_card_visa' });
    expect((await updateCustomer(db, { merchantId, id: customer.id, fields: { defaultPaymentMethod: mine.id } })).defaultPaymentMethod).toBe(mine.id);
    await expect(attachPaymentMethod(db, { merchantId, customerId: stranger.id, paymentMethodId: mine.id, template: null })).rejects.toMatchObject({ code: 'payment_method_unexpected_state' });
    await expect(attachPaymentMethod(db, { merchantId: other.merchantId, customerId: customer.id, paymentMethodId: 'pm_card_visa', template: visa })).rejects.toMatchObject({ code: 'resource_missing' });
  });

  it('detaching clears the default; deleting detaches everything and the customer can no longer change', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const customer = await createCustomer(db, { merchantId, fields: { name: 'Ada' } });
    const first = await attachPaymentMethod(db, { merchantId, customerId: customer.id, paymentMethodId: 'pm_card_visa', template: visa });
    const second = await attachPaymentMethod(db, { merchantId, customerId: customer.id, paymentMethodId: 'pm_card_visa', template: visa });
    await updateCustomer(db, { merchantId, id: customer.id, fields: { defaultPaymentMethod: first.id } });
    await detachPaymentMethod(db, { merchantId, paymentMethodId: first.id });
    expect((await getCustomerOrThrow(db, merchantId, customer.id)).defaultPaymentMethod).toBeNull();
    await expect(detachPaymentMethod(db, { merchantId, paymentMethodId: first.id })).rejects.toMatchObject({ code: 'payment_method_unexpected_state' });

    await deleteCustomer(db, { merchantId, id: customer.id });
    expect((await findCustomer(db, merchantId, customer.id))?.deletedAt).not.toBeNull();
    expect((await findSavedPaymentMethod(db, merchantId, second.id))?.customerId).toBeNull();
    await expect(updateCustomer(db, { merchantId, id: customer.id, fields: { name: 'x' } })).rejects.toMatchObject({ code: 'resource_missing' });
    await expect(deleteCustomer(db, { merchantId, id: customer.id })).rejects.toMatchObject({ code: 'resource_missing' });
  });
});
