import { describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import type { PaymentMethod } from '@/db/schema';
import { createPayment } from '@/lib/payments/create-payment';
import { dbWithMerchant } from '@/tests/test-db';
import { computeFeatures, type RiskInput } from './features';
import { runBuiltInRules, type BuiltInRule } from './rules';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const card = (number = '4242424242424242') => ({ number, exp_month: 12, exp_year: 2099, cvc: '123' });

async function pay(db: Db, merchantId: string, at: number, fields: { customer?: string; number?: string; amount?: string; currency?: string }) {
  const body = {
    amount: fields.amount ?? '20.00',
    currency: fields.currency ?? 'USD',
    method: 'credit_card' as const,
    customer_id: fields.customer,
    payment_details: card(fields.number),
  };
  return createPayment(db, { merchantId, body, now: at });
}

function input(merchantId: string, fields: Partial<RiskInput> = {}): RiskInput {
  return {
    merchantId,
    amount: 2000,
    currency: 'USD',
    method: 'credit_card' as PaymentMethod,
    customerId: null,
    email: null,
    ipAddress: null,
    fingerprint: null,
    cardCountry: 'US',
    ...fields,
  };
}

async function factorsFor(db: Db, riskInput: RiskInput, now: number) {
  return runBuiltInRules(await computeFeatures(db, riskInput, now));
}

describe('built-in risk rules over real history', () => {
  it('large_amount: above 10,000 in the payment currency adds 0.3', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const now = Date.now();
    expect(await factorsFor(db, input(merchantId, { amount: 1_000_000 }), now)).toEqual([]);
    expect(await factorsFor(db, input(merchantId, { amount: 1_000_001 }), now)).toEqual([
      { rule: 'large_amount', score: 0.3, reason: 'Amount is above 10000 USD' },
    ]);
    expect(await factorsFor(db, input(merchantId, { amount: 10_001, currency: 'JPY' }), now)).toContainEqual(
      expect.objectContaining({ rule: 'large_amount' }),
    );
  });

  it('customer velocity counts only this customer’s payments in the window, before now', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const now = Date.now();
    for (let i = 0; i < 5; i++) await pay(db, merchantId, now - (i + 1) * MINUTE, { customer: 'cus_a' });
    await pay(db, merchantId, now - 30 * MINUTE, { customer: 'cus_a' }); // outside 10 minutes, inside 24 hours
    await pay(db, merchantId, now - 2 * MINUTE, { customer: 'cus_b' }); // someone else
    await pay(db, merchantId, now + MINUTE, { customer: 'cus_a' }); // the future is not history
    const features = await computeFeatures(db, input(merchantId, { customerId: 'cus_a' }), now);
    expect(features).toMatchObject({ customer_payments_10m: 5, customer_payments_24h: 6, customer_is_new: false });
    expect(runBuiltInRules(features)).toEqual([
      { rule: 'customer_velocity_10m', score: 0.2, reason: '5 earlier payments by this customer in the last 10 minutes' },
    ]);
  });

  it('customer_velocity_24h fires past 20 payments in a day', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const now = Date.now();
    for (let i = 0; i < 21; i++) await pay(db, merchantId, now - (i + 1) * HOUR + 1, { customer: 'cus_busy' });
    expect(await factorsFor(db, input(merchantId, { customerId: 'cus_busy' }), now)).toContainEqual(
      expect.objectContaining({ rule: 'customer_velocity_24h', score: 0.1 }),
    );
  });

  it('shared_card: one card used by several customers', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const now = Date.now();
    let fingerprint: string | null = null;
    for (const customer of ['cus_1', 'cus_2', 'cus_3']) {
      fingerprint = (await pay(db, merchantId, now - HOUR, { customer, number: '5555555555554444' })).fingerprint;
    }
    const factors = await factorsFor(db, input(merchantId, { fingerprint, customerId: 'cus_4' }), now);
    expect(factors).toContainEqual(expect.objectContaining({ rule: 'shared_card', score: 0.25 }));
  });

  it('failure_streak: recent declines for the customer or the card', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const now = Date.now();
    for (let i = 0; i < 3; i++) await pay(db, merchantId, now - (i + 1) * HOUR, { customer: 'cus_x', number: '4000000000000002' });
    const features = await computeFeatures(db, input(merchantId, { customerId: 'cus_x' }), now);
    expect(features.customer_failures_24h).toBe(3);
    expect(runBuiltInRules(features)).toContainEqual({
      rule: 'failure_streak',
      score: 0.3,
      reason: '3 declined payments for this customer in the last 24 hours',
    });
  });

  it('new_customer_large_first_payment compares with the merchant’s average in that currency', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const now = Date.now();
    for (let i = 0; i < 10; i++) await pay(db, merchantId, now - (i + 1) * 3 * HOUR, { customer: `cus_${i}`, amount: '50.00' });
    const newcomer = await factorsFor(db, input(merchantId, { customerId: 'cus_new', amount: 60_000 }), now);
    expect(newcomer).toContainEqual(expect.objectContaining({ rule: 'new_customer_large_first_payment', score: 0.4 }));
    const regular = await factorsFor(db, input(merchantId, { customerId: 'cus_3', amount: 60_000 }), now);
    expect(regular.map((f) => f.rule)).not.toContain('new_customer_large_first_payment');
    const modest = await factorsFor(db, input(merchantId, { customerId: 'cus_new', amount: 20_000 }), now);
    expect(modest.map((f) => f.rule)).not.toContain('new_customer_large_first_payment');
  });

  it('ip_country_mismatch: client IP country against the card’s issuing country', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const now = Date.now();
    const mismatch = await factorsFor(db, input(merchantId, { ipAddress: '203.0.113.9', cardCountry: 'US' }), now);
    expect(mismatch).toContainEqual({ rule: 'ip_country_mismatch', score: 0.2, reason: 'Client IP is in BR but the card was issued in US' });
    expect(await factorsFor(db, input(merchantId, { ipAddress: '203.0.113.9', cardCountry: 'BR' }), now)).toEqual([]);
    expect(await factorsFor(db, input(merchantId, { ipAddress: '10.1.2.3', cardCountry: 'US' }), now)).toEqual([]);
  });

  it('records a rule that throws as rule_error with score 0 and keeps the others', () => {
    const broken: BuiltInRule = {
      name: 'broken',
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const fine: BuiltInRule = { name: 'fine', evaluate: () => ({ score: 0.1, reason: 'ok' }) };
    const features = { amount: 1 } as never;
    expect(runBuiltInRules(features, [broken, fine])).toEqual([
      { rule: 'broken', score: 0, reason: 'rule_error' },
      { rule: 'fine', score: 0.1, reason: 'ok' },
    ]);
  });
});
