import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { cardPayment } from './api-client';
import { newStripeMerchant, rejection } from './stripe-client';

const suffix = (id: string) => id.slice(id.indexOf('_') + 1);

describe('PaymentIntents through the official SDK', () => {
  it('creates and confirms in one call; the PaymentIntent is the Tillpoint payment with the same suffix', async () => {
    const { stripe, api } = await newStripeMerchant();
    const alice = (await stripe.customers.create({ name: 'Alice' })).id;
    const intent = await stripe.paymentIntents.create({
      amount: 2599,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      customer: alice,
      description: 'Two mugs',
      metadata: { order_id: '1001' },
    });
    expect(intent).toMatchObject({
      object: 'payment_intent',
      status: 'succeeded',
      amount: 2599,
      amount_received: 2599,
      amount_capturable: 0,
      capture_method: 'automatic',
      payment_method: 'pm_card_visa',
      customer: alice,
      last_payment_error: null,
    });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_`));
    expect(intent.latest_charge).toBe(`ch_${suffix(intent.id)}`);

    const native = await api.get(`/payments/pay_${suffix(intent.id)}`);
    expect(native.status).toBe(200);
    expect(native.body).toMatchObject({ status: 'success', amount: '25.99', currency: 'USD', customer_id: alice, description: 'Two mugs', metadata: { order_id: '1001' } });
    expect(native.body.payment_details).toMatchObject({ brand: 'visa', last4: '4242' });

    const expanded = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    expect(expanded.latest_charge).toMatchObject({ object: 'charge', id: intent.latest_charge, captured: true, paid: true, status: 'succeeded', payment_intent: intent.id });
  });

  it('shows a payment made through the native API as a PaymentIntent', async () => {
    const { stripe, api } = await newStripeMerchant();
    const payment = await api.post('/payments', cardPayment({ amount: '12.34', currency: 'gbp', customer_id: 'cus_bob' }));
    const intent = await stripe.paymentIntents.retrieve(`pi_${suffix(payment.body.id)}`);
    expect(intent).toMatchObject({ status: 'succeeded', amount: 1234, currency: 'gbp', amount_received: 1234, customer: 'cus_bob', latest_charge: `ch_${suffix(payment.body.id)}` });
    const listed = await stripe.paymentIntents.list({ customer: 'cus_bob' });
    expect(listed.data.map((i) => i.id)).toEqual([intent.id]);
  });

  it('walks requires_payment_method → requires_confirmation → succeeded, with updates on the way', async () => {
    const { stripe } = await newStripeMerchant();
    const draft = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', metadata: { a: '1', b: '2' } });
    expect(draft).toMatchObject({ status: 'requires_payment_method', latest_charge: null, amount_received: 0, payment_method: null });

    const updated = await stripe.paymentIntents.update(draft.id, { amount: 1500, payment_method: 'pm_card_mastercard', metadata: { b: '', c: '3' }, description: 'Updated' });
    expect(updated).toMatchObject({ status: 'requires_confirmation', amount: 1500, metadata: { a: '1', c: '3' }, description: 'Updated' });

    const confirmed = await stripe.paymentIntents.confirm(draft.id);
    expect(confirmed).toMatchObject({ id: draft.id, status: 'succeeded', amount_received: 1500 });
    const charge = await stripe.charges.retrieve(confirmed.latest_charge as string);
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'mastercard', last4: '4444' });

    const again = await rejection(stripe.paymentIntents.confirm(draft.id));
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(again.code).toBe('payment_intent_unexpected_state');
    const late = await rejection(stripe.paymentIntents.update(draft.id, { metadata: { x: 'y' } }));
    expect(late.code).toBe('payment_intent_unexpected_state');
  });

  it('authorizes with capture_method manual, then captures part (amount_to_capture)', async () => {
    const { stripe, api } = await newStripeMerchant();
    const intent = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_amex', ...({ payment_method_types: ['card'] } as object), confirm: true });
    expect(intent).toMatchObject({ status: 'requires_capture', amount_capturable: 5000, amount_received: 0, capture_method: 'manual' });
    expect((await stripe.charges.retrieve(intent.latest_charge as string))).toMatchObject({ captured: false, paid: true, amount_captured: 0 });

    const tooMuch = await rejection(stripe.paymentIntents.capture(intent.id, { amount_to_capture: 6000 }));
    expect(tooMuch).toMatchObject({ type: 'StripeInvalidRequestError', code: 'amount_too_large' });

    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 3500 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 3500, amount_capturable: 0 });
    expect((await api.get(`/payments/pay_${suffix(intent.id)}`)).body).toMatchObject({ status: 'success', amount_captured: '35.00' });
  });

  it('cancels a draft and an authorization with a cancellation_reason; not a succeeded one', async () => {
    const { stripe, api } = await newStripeMerchant();
    const draft = await stripe.paymentIntents.create({ amount: 800, currency: 'usd' });
    const canceled = await stripe.paymentIntents.cancel(draft.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(canceled.canceled_at).toBeGreaterThan(0);
    expect((await rejection(stripe.paymentIntents.confirm(draft.id, { payment_method: 'pm_card_visa' }))).code).toBe('payment_intent_unexpected_state');

    const authorized = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true });
    const released = await stripe.paymentIntents.cancel(authorized.id, { cancellation_reason: 'requested_by_customer' });
    expect(released).toMatchObject({ status: 'canceled', amount_capturable: 0, cancellation_reason: 'requested_by_customer' });
    expect((await api.get(`/payments/pay_${suffix(authorized.id)}`)).body.status).toBe('cancelled');

    const paid = await stripe.paymentIntents.create({ amount: 900, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    const refused = await rejection(stripe.paymentIntents.cancel(paid.id));
    expect(refused.code).toBe('payment_intent_unexpected_state');
  });

  const declines = [
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc'],
    ['pm_card_chargeDeclinedProcessingError', 'processing_error', undefined],
  ] as const;

  it.each(declines)('%s raises StripeCardError %s / %s and leaves the PaymentIntent requires_payment_method', async (paymentMethod, code, declineCode) => {
    const { stripe, api } = await newStripeMerchant();
    const error = await rejection(stripe.paymentIntents.create({ amount: 1999, currency: 'usd', payment_method: paymentMethod, confirm: true }));
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code });
    expect(error.decline_code || undefined).toBe(declineCode);
    expect(error.payment_intent).toMatchObject({ object: 'payment_intent', status: 'requires_payment_method', payment_method: null });
    expect(error.payment_intent.last_payment_error).toMatchObject({ type: 'card_error', code });
    expect(error.charge).toBe(error.payment_intent.latest_charge);

    const retrieved = await stripe.paymentIntents.retrieve(error.payment_intent.id);
    expect(retrieved.status).toBe('requires_payment_method');
    expect((await api.get(`/payments/pay_${suffix(retrieved.id)}`)).body.status).toBe('failed');
  });

  it('succeeds on a retry with another payment method after a decline; both charges belong to it', async () => {
    const { stripe } = await newStripeMerchant();
    const declined = await rejection(stripe.paymentIntents.create({ amount: 4200, currency: 'usd', payment_method: 'pm_card_chargeDeclinedInsufficientFunds', confirm: true }));
    const id = declined.payment_intent.id;
    const retried = await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa_debit' });
    expect(retried).toMatchObject({ id, status: 'succeeded', amount_received: 4200, last_payment_error: null, payment_method: 'pm_card_visa_debit' });
    expect(retried.latest_charge).not.toBe(declined.charge);

    const charges = await stripe.charges.list({ payment_intent: id });
    expect(charges.data.map((c) => [c.id, c.status, c.payment_intent])).toEqual([
      [retried.latest_charge, 'succeeded', id],
      [declined.charge, 'failed', id],
    ]);
    // The retry's payment is this PaymentIntent's charge, not a PaymentIntent of its own.
    expect((await stripe.paymentIntents.list()).data.map((i) => i.id)).toEqual([id]);
    expect(await rejection(stripe.paymentIntents.retrieve(`pi_${suffix(retried.latest_charge as string)}`))).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('refuses an unknown payment method and a missing one', async () => {
    const { stripe } = await newStripeMerchant();
    const unknown = await rejection(stripe.paymentIntents.create({ amount: 100, currency: 'usd', payment_method: 'pm_card_nope', confirm: true }));
    expect(unknown).toMatchObject({ type: 'StripeInvalidRequestError', code: 'resource_missing', param: 'payment_method', statusCode: 404 });
    const missing = await rejection(stripe.paymentIntents.create({ amount: 100, currency: 'usd', confirm: true }));
    expect(missing).toMatchObject({ code: 'parameter_missing', param: 'payment_method' });
    const draft = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' });
    expect((await rejection(stripe.paymentIntents.confirm(draft.id))).code).toBe('parameter_missing');
    expect((await rejection(stripe.paymentIntents.retrieve('pi_unknown'))).statusCode).toBe(404);
    expect((await stripe.paymentIntents.list()).data.map((i) => i.id)).toEqual([draft.id]);
  });

  it('lists newest first with cursors both ways, a customer filter and auto-pagination', async () => {
    const { stripe, api } = await newStripeMerchant();
    const [many, few] = [(await stripe.customers.create({ name: 'many' })).id, (await stripe.customers.create({ name: 'few' })).id];
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      if (i === 3) {
        const native = await api.post('/payments', cardPayment({ customer_id: many }));
        ids.push(`pi_${suffix(native.body.id)}`);
      } else {
        ids.push((await stripe.paymentIntents.create({ amount: 100 + i, currency: 'usd', customer: i % 2 ? many : few, ...(i > 4 ? { payment_method: 'pm_card_visa', confirm: true } : {}) })).id);
      }
    }
    const newestFirst = [...ids].reverse();
    const walked: string[] = [];
    for await (const intent of stripe.paymentIntents.list({ limit: 2 })) walked.push(intent.id);
    expect(walked).toEqual(newestFirst);

    const page = await stripe.paymentIntents.list({ limit: 3, starting_after: newestFirst[1] });
    expect(page.data.map((i) => i.id)).toEqual(newestFirst.slice(2, 5));
    expect(page.has_more).toBe(true);
    const before = await stripe.paymentIntents.list({ limit: 2, ending_before: newestFirst[4] });
    expect(before.data.map((i) => i.id)).toEqual(newestFirst.slice(2, 4));
    expect(before.has_more).toBe(true);
    const backwards: string[] = [];
    for await (const intent of stripe.paymentIntents.list({ limit: 2, ending_before: newestFirst[6] })) backwards.push(intent.id);
    expect(backwards.sort()).toEqual(newestFirst.slice(0, 6).sort());

    const ofMany = await stripe.paymentIntents.list({ customer: many });
    expect(ofMany.data.map((i) => i.id)).toEqual([ids[5], ids[3], ids[1]]);
    expect(ofMany).toMatchObject({ object: 'list', has_more: false, url: '/v1/payment_intents' });
  });
});
