import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { decimalToMinor } from '@/lib/money/money';
import { cardPayment } from './api-client';
import { newStripeMerchant, rejection } from './stripe-client';

describe('Stripe SDK: customers', () => {
  it('creates, retrieves, updates (metadata merges) and lists customers, filtered by email', async () => {
    const { stripe } = await newStripeMerchant();
    const created = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada', description: 'first', metadata: { tier: 'gold', ref: '7' } });
    expect(created).toMatchObject({ object: 'customer', email: 'ada@example.com', name: 'Ada', description: 'first', metadata: { tier: 'gold', ref: '7' }, livemode: false });
    expect(created.id).toMatch(/^cus_/);
    expect(Number.isInteger(created.created)).toBe(true);
    expect(created.invoice_settings.default_payment_method).toBeNull();

    expect(await stripe.customers.retrieve(created.id)).toEqual(created);
    const updated = await stripe.customers.update(created.id, { name: 'Ada Lovelace', phone: '+441234', metadata: { tier: '', city: 'London' } });
    expect(updated).toMatchObject({ name: 'Ada Lovelace', phone: '+441234', email: 'ada@example.com', metadata: { ref: '7', city: 'London' } });
    expect(updated.metadata).not.toHaveProperty('tier');
    // An empty value clears a field, as at Stripe.
    expect((await stripe.customers.update(created.id, { description: '' })).description).toBeNull();

    const other = await stripe.customers.create({ email: 'bob@example.com' });
    expect((await stripe.customers.list()).data.map((c) => c.id)).toEqual([other.id, created.id]);
    expect((await stripe.customers.list({ email: 'ada@example.com' })).data.map((c) => c.id)).toEqual([created.id]);

    const bad = await rejection(stripe.customers.create({ email: 'not an email' }));
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(bad.param).toBe('email');
    const unknown = await rejection(stripe.customers.create({ address: { line1: 'x' } }));
    expect(unknown.code).toBe('parameter_unknown');
  });

  it('deletes: the answer and later retrieves say deleted: true; it leaves the list and cannot change', async () => {
    const { stripe } = await newStripeMerchant();
    const kept = await stripe.customers.create({ name: 'kept' });
    const gone = await stripe.customers.create({ name: 'gone' });
    const deleted = await stripe.customers.del(gone.id);
    expect(deleted).toEqual({ id: gone.id, object: 'customer', deleted: true });
    expect(await stripe.customers.retrieve(gone.id)).toEqual({ id: gone.id, object: 'customer', deleted: true });
    expect((await stripe.customers.list()).data.map((c) => c.id)).toEqual([kept.id]);
    const update = await rejection(stripe.customers.update(gone.id, { name: 'back' }));
    expect(update).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(update.statusCode).toBe(404);
    expect((await rejection(stripe.customers.del(gone.id))).statusCode).toBe(404);
  });

  it("is tenant-scoped: another merchant's customer is 404", async () => {
    const a = await newStripeMerchant();
    const b = await newStripeMerchant();
    const customer = await a.stripe.customers.create({ name: 'mine' });
    const error = await rejection(b.stripe.customers.retrieve(customer.id));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
    expect((await b.stripe.customers.list()).data).toEqual([]);
  });

  it('auto-paginates over every customer, newest first, both ways', async () => {
    const { stripe } = await newStripeMerchant();
    const made: string[] = [];
    for (let i = 0; i < 23; i++) made.push((await stripe.customers.create({ name: `c${i}` })).id);
    const seen: string[] = [];
    for await (const customer of stripe.customers.list({ limit: 5 })) seen.push(customer.id);
    expect(seen).toEqual([...made].reverse());

    const first = await stripe.customers.list({ limit: 5 });
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ limit: 5, starting_after: first.data.at(-1)!.id });
    const back = await stripe.customers.list({ limit: 5, ending_before: second.data[0].id });
    expect(back.data.map((c) => c.id)).toEqual(first.data.map((c) => c.id));
  });
});

describe('Stripe SDK: payment methods', () => {
  it('retrieves test payment methods, attaches one as a new saved method, lists, sets default and detaches', async () => {
    const { stripe } = await newStripeMerchant();
    const visa = await stripe.paymentMethods.retrieve('pm_card_visa');
    expect(visa).toMatchObject({ id: 'pm_card_visa', object: 'payment_method', type: 'card', customer: null, card: { brand: 'visa', last4: '4242', funding: 'credit', exp_year: 2099 } });
    expect((await stripe.paymentMethods.retrieve('pm_card_visa_debit')).card).toMatchObject({ brand: 'visa', funding: 'debit', last4: '5556' });

    const customer = await stripe.customers.create({ email: 'pm@example.com' });
    const saved = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect(saved.id).toMatch(/^pm_/);
    expect(saved.id).not.toBe('pm_card_visa');
    expect(saved).toMatchObject({ customer: customer.id, card: { brand: 'visa', last4: '4242', fingerprint: visa.card!.fingerprint } });
    expect(await stripe.paymentMethods.retrieve(saved.id)).toEqual(saved);
    const amex = await stripe.paymentMethods.attach('pm_card_amex', { customer: customer.id });

    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((m) => m.id)).toEqual([amex.id, saved.id]);
    expect((await stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data.map((m) => m.id)).toEqual([amex.id, saved.id]);
    // Attaching it again to its own customer changes nothing.
    expect((await stripe.paymentMethods.attach(saved.id, { customer: customer.id })).id).toBe(saved.id);

    const withDefault = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: saved.id } });
    expect(withDefault.invoice_settings.default_payment_method).toBe(saved.id);
    const detached = await stripe.paymentMethods.detach(saved.id);
    expect(detached).toMatchObject({ id: saved.id, customer: null });
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).invoice_settings.default_payment_method).toBeNull();
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((m) => m.id)).toEqual([amex.id]);

    const reattach = await rejection(stripe.paymentMethods.attach(saved.id, { customer: customer.id }));
    expect(reattach.code).toBe('payment_method_unexpected_state');
    expect((await rejection(stripe.paymentMethods.detach(saved.id))).code).toBe('payment_method_unexpected_state');
    const another = await stripe.customers.create({ name: 'other' });
    expect((await rejection(stripe.paymentMethods.attach(amex.id, { customer: another.id }))).code).toBe('payment_method_unexpected_state');
    expect((await rejection(stripe.customers.update(another.id, { invoice_settings: { default_payment_method: amex.id } }))).statusCode).toBe(400);
    expect((await rejection(stripe.paymentMethods.retrieve('pm_card_nonexistent'))).statusCode).toBe(404);
    expect((await rejection(stripe.paymentMethods.attach('pm_card_visa', { customer: 'cus_missing' }))).statusCode).toBe(404);

    // Deleting the customer detaches what it had.
    await stripe.customers.del(customer.id);
    expect((await stripe.paymentMethods.retrieve(amex.id)).customer).toBeNull();
  });

  it("keeps saved payment methods to their merchant", async () => {
    const a = await newStripeMerchant();
    const b = await newStripeMerchant();
    const customer = await a.stripe.customers.create({});
    const saved = await a.stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    expect((await rejection(b.stripe.paymentMethods.retrieve(saved.id))).statusCode).toBe(404);
    expect((await rejection(b.stripe.paymentMethods.detach(saved.id))).statusCode).toBe(404);
    expect((await rejection(b.stripe.customers.listPaymentMethods(customer.id))).statusCode).toBe(404);
  });
});

describe('Stripe SDK: paying for customers', () => {
  it("charges a customer's saved payment method, visible natively under the customer's id", async () => {
    const { stripe, api } = await newStripeMerchant();
    const customer = await stripe.customers.create({ email: 'payer@example.com' });
    const saved = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    const intent = await stripe.paymentIntents.create({ amount: 1999, currency: 'usd', customer: customer.id, payment_method: saved.id, confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
    expect(intent).toMatchObject({ status: 'succeeded', customer: customer.id, payment_method: saved.id, amount_received: 1999 });
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'mastercard', last4: '4444' });

    const native = await api.get(`/payments?customer_id=${customer.id}`);
    expect(native.body.data.map((p: { id: string }) => p.id)).toEqual([`pay_${intent.id.slice('pi_'.length)}`]);

    // A saved payment method pays only for its own customer; a customer must exist and not be deleted.
    const stranger = await stripe.customers.create({ name: 'stranger' });
    const wrong = await rejection(stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: stranger.id, payment_method: saved.id, confirm: true }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.param).toBe('payment_method');
    expect((await rejection(stripe.paymentIntents.create({ amount: 500, currency: 'usd', payment_method: saved.id }))).param).toBe('payment_method');
    await stripe.customers.del(stranger.id);
    const gone = await rejection(stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: stranger.id }));
    expect(gone).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'customer' });
    expect((await rejection(stripe.paymentIntents.create({ amount: 500, currency: 'usd', customer: 'cus_unknown' }))).param).toBe('customer');

    await stripe.paymentMethods.detach(saved.id);
    const pending = await stripe.paymentIntents.create({ amount: 700, currency: 'usd', customer: customer.id });
    expect((await rejection(stripe.paymentIntents.confirm(pending.id, { payment_method: saved.id }))).code).toBe('payment_method_unexpected_state');
  });
});

describe('Stripe SDK: balance', () => {
  it('answers the ledger balance per currency in integer minor units, matching the native API', async () => {
    const { stripe, api } = await newStripeMerchant();
    expect(await stripe.balance.retrieve()).toMatchObject({ object: 'balance', available: [], pending: [], livemode: false });

    expect((await api.post('/payments', cardPayment({ amount: '25.00', currency: 'usd' }))).status).toBe(201);
    expect((await api.post('/payments', cardPayment({ amount: '1000', currency: 'jpy' }))).status).toBe(201);
    const native = (await api.get('/balance')).body as { available: { amount: string; currency: string }[]; pending: { amount: string; currency: string }[] };
    const balance = await stripe.balance.retrieve();
    const minor = (list: { amount: string; currency: string }[]) => list.map((b) => ({ amount: decimalToMinor(b.amount, b.currency), currency: b.currency.toLowerCase() }));
    expect(balance.pending).toEqual(minor(native.pending));
    expect(balance.available).toEqual(minor(native.available));
    expect(balance.pending.map((b) => b.currency)).toEqual(['jpy', 'usd']);
    for (const entry of [...balance.pending, ...balance.available]) expect(Number.isInteger(entry.amount)).toBe(true);
    // 25.00 USD less Tillpoint's fee is pending.
    const usd = balance.pending.find((b) => b.currency === 'usd')!;
    expect(usd.amount).toBeGreaterThan(2000);
    expect(usd.amount).toBeLessThan(2500);
  });
});
