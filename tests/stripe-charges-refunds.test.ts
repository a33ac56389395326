import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { cardPayment } from './api-client';
import { newStripeMerchant, rejection } from './stripe-client';

const suffix = (id: string) => id.slice(id.indexOf('_') + 1);

async function paidIntent(stripe: Stripe, amount = 10_000) {
  const customer = await stripe.customers.create({ name: 'refunds' });
  return stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, customer: customer.id });
}

describe('Charges through the official SDK', () => {
  it('retrieves and lists charges (every Tillpoint payment, whichever API made it)', async () => {
    const { stripe, api } = await newStripeMerchant();
    const intent = await paidIntent(stripe, 3000);
    const native = await api.post('/payments', cardPayment({ amount: '7.00', customer_id: 'cus_native' }));

    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({
      object: 'charge',
      amount: 3000,
      amount_captured: 3000,
      amount_refunded: 0,
      captured: true,
      refunded: false,
      paid: true,
      status: 'succeeded',
      currency: 'usd',
      payment_intent: intent.id,
      payment_method: 'pm_card_visa',
      customer: intent.customer,
      livemode: false,
    });
    const nativeCharge = await stripe.charges.retrieve(`ch_${suffix(native.body.id)}`);
    expect(nativeCharge).toMatchObject({ amount: 700, payment_intent: `pi_${suffix(native.body.id)}`, customer: 'cus_native' });

    const all: string[] = [];
    for await (const c of stripe.charges.list({ limit: 1 })) all.push(c.id);
    expect(all).toEqual([nativeCharge.id, charge.id]);
    expect((await stripe.charges.list({ customer: 'cus_native' })).data.map((c) => c.id)).toEqual([nativeCharge.id]);
    expect((await stripe.charges.list({ payment_intent: `pi_${suffix(native.body.id)}` })).data.map((c) => c.id)).toEqual([nativeCharge.id]);
    expect((await rejection(stripe.charges.retrieve('ch_missing'))).statusCode).toBe(404);
  });
});

describe('Refunds through the official SDK', () => {
  it('refunds by payment_intent and by charge, in part and in full, with reason and metadata', async () => {
    const { stripe, api } = await newStripeMerchant();
    const intent = await paidIntent(stripe);

    const partial = await stripe.refunds.create({ payment_intent: intent.id, amount: 2500, reason: 'requested_by_customer', metadata: { ticket: 'T-1' } });
    expect(partial).toMatchObject({
      object: 'refund',
      amount: 2500,
      currency: 'usd',
      status: 'succeeded',
      reason: 'requested_by_customer',
      metadata: { ticket: 'T-1' },
      charge: intent.latest_charge,
      payment_intent: intent.id,
    });
    expect(partial.id).toMatch(/^re_/);
    expect((await stripe.charges.retrieve(intent.latest_charge as string))).toMatchObject({ amount_refunded: 2500, refunded: false });

    // The refund is the native API's refund, by the same id.
    const native = await api.get(`/refunds/${partial.id}`);
    expect(native.body).toMatchObject({ amount: '25.00', payment: `pay_${suffix(intent.id)}`, metadata: { ticket: 'T-1' } });

    const over = await rejection(stripe.refunds.create({ charge: intent.latest_charge as string, amount: 7501 }));
    expect(over).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(over).toMatchObject({ statusCode: 400, code: 'amount_too_large' });

    const rest = await stripe.refunds.create({ charge: intent.latest_charge as string });
    expect(rest).toMatchObject({ amount: 7500, payment_intent: intent.id });
    expect((await stripe.charges.retrieve(intent.latest_charge as string))).toMatchObject({ amount_refunded: 10_000, refunded: true });
    expect((await stripe.refunds.retrieve(partial.id)).amount).toBe(2500);

    const nothingLeft = await rejection(stripe.refunds.create({ payment_intent: intent.id, amount: 1 }));
    expect(nothingLeft.statusCode).toBe(400);
    expect((await api.get(`/payments/pay_${suffix(intent.id)}`)).body).toMatchObject({ amount_refunded: '100.00' });
  });

  it('lists refunds newest first, filtered by payment_intent, with auto-pagination', async () => {
    const { stripe } = await newStripeMerchant();
    const first = await paidIntent(stripe);
    const second = await paidIntent(stripe);
    const a = await stripe.refunds.create({ payment_intent: first.id, amount: 100 });
    const b = await stripe.refunds.create({ payment_intent: second.id, amount: 200 });
    const c = await stripe.refunds.create({ payment_intent: first.id, amount: 300 });

    expect((await stripe.refunds.list({ payment_intent: first.id })).data.map((r) => r.id)).toEqual([c.id, a.id]);
    const all: string[] = [];
    for await (const refund of stripe.refunds.list({ limit: 2 })) all.push(refund.id);
    expect(all).toEqual([c.id, b.id, a.id]);
    expect((await stripe.refunds.list({ limit: 1, ending_before: a.id })).data.map((r) => r.id)).toEqual([b.id]);
  });

  it('refuses a refund without a charge, of a PaymentIntent that has not been paid, and unknown ones', async () => {
    const { stripe } = await newStripeMerchant();
    expect((await rejection(stripe.refunds.create({}))).code).toBe('parameter_missing');
    const draft = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
    expect((await rejection(stripe.refunds.create({ payment_intent: draft.id }))).code).toBe('payment_intent_unexpected_state');
    const authorized = await stripe.paymentIntents.create({ amount: 100, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    expect((await rejection(stripe.refunds.create({ payment_intent: authorized.id }))).code).toBe('payment_intent_unexpected_state');
    expect((await rejection(stripe.refunds.create({ charge: 'ch_nope' }))).statusCode).toBe(404);
    expect((await rejection(stripe.refunds.retrieve('re_nope'))).statusCode).toBe(404);
  });
});
