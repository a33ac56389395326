import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Db } from '@/db/client';
import { simulatedCharges } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { asyncSettleMsFromEnv, createProcessors, settleSimulatedChargeNow } from './index';
import { outcomeKey, outcomeLookupKey, testInputs } from './test-inputs';
import type { PaymentMethod, Processor } from './types';

process.env.TILLPOINT_SECRET ??= 'processors-test-secret';

const SETTLE_MS = 30_000;
const asyncMethods: PaymentMethod[] = ['bank_transfer', 'crypto'];

let db: Db;
let nowMs: number;
let processors: Record<PaymentMethod, Processor>;
const now = () => new Date(nowMs);

beforeAll(() => {
  db = openDatabase(':memory:');
  migrateDatabase(db);
  processors = createProcessors(db, { asyncSettleMs: SETTLE_MS, now: () => nowMs });
});

beforeEach(() => {
  nowMs = Date.UTC(2026, 5, 15, 12);
});

const visa = { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' };
const bank = { account_number: '000123456789', routing_number: '110000000' };
const charge = (method: PaymentMethod, details: unknown, extra: { capture?: boolean; amount?: number; paymentId?: string } = {}) =>
  processors[method].process({
    paymentId: extra.paymentId ?? newId('pay'),
    amount: extra.amount ?? 5000,
    currency: 'USD',
    capture: extra.capture ?? true,
    details,
  });

async function rejects(promiseOrFn: (() => unknown) | Promise<unknown>): Promise<DomainError> {
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected an DomainError');
}

function chargeRows(paymentId: string) {
  return db.select().from(simulatedCharges).where(eq(simulatedCharges.paymentId, paymentId)).all();
}

describe('test-input table', () => {
  it('has one row per magic value (card numbers shared by both card methods)', () => {
    const keys = testInputs.map((row) => {
      const family = row.method === 'debit_card' ? 'credit_card' : row.method;
      return `${family}:${outcomeLookupKey(String(row.input[outcomeKey[row.method]]))}`;
    });
    expect(new Set(keys).size).toBe(keys.length);
    for (const method of Object.keys(outcomeKey)) expect(testInputs.some((row) => row.method === method)).toBe(true);
  });

  describe.each(testInputs.map((row) => [`${row.method} ${row.input[outcomeKey[row.method]]}`, row] as const))('%s', (_, row) => {
    const processor = () => processors[row.method];

    it('is accepted by describe, which keeps no secret', () => {
      const { stored, fingerprint } = processor().describe(row.input, now());
      expect(fingerprint).toMatch(/^fp_[0-9a-f]{16}$/);
      const json = JSON.stringify(stored);
      for (const secret of ['number', 'account_number', 'token', 'cvc']) {
        if (secret in row.input) expect(json).not.toContain(String(row.input[secret]));
      }
      if (row.method === 'credit_card' || row.method === 'debit_card') {
        expect(stored.country).toBe(row.country ?? 'US');
        expect(stored.funding).toBe(row.method === 'debit_card' ? 'debit' : 'credit');
      }
    });

    it(`ends ${row.outcome.status}`, async () => {
      const paymentId = newId('pay');
      let outcome = await charge(row.method, row.input, { paymentId });
      if (asyncMethods.includes(row.method)) {
        expect(outcome.status).toBe('processing');
        nowMs += SETTLE_MS - 1;
        expect((await processor().verify(paymentId)).status).toBe('processing');
        nowMs += 1;
        outcome = await processor().verify(paymentId);
      }
      if (row.outcome.status === 'succeeded') {
        expect(outcome).toMatchObject({ status: 'succeeded', capturedAmount: 5000 });
      } else {
        expect(outcome).toMatchObject({
          status: 'failed',
          failureCode: row.outcome.failureCode,
          failureMessage: row.outcome.failureMessage,
        });
      }
      expect(await processor().verify(paymentId)).toEqual(outcome);
    });

    if (row.method === 'credit_card' || row.method === 'debit_card') {
      it('with capture=false only authorizes', async () => {
        const outcome = await charge(row.method, row.input, { capture: false });
        expect(outcome.status).toBe(row.outcome.status === 'succeeded' ? 'requires_capture' : 'failed');
      });
    }
  });
});

describe('process', () => {
  it('is idempotent per paymentId: one charge, same reference, first outcome kept', async () => {
    const paymentId = newId('pay');
    const first = await charge('credit_card', visa, { paymentId });
    const again = await charge('credit_card', { ...visa, number: '4000000000000002' }, { paymentId });
    expect(again).toEqual(first);
    expect(chargeRows(paymentId)).toHaveLength(1);
  });

  it('refuses capture=false for methods without manual capture', async () => {
    expect(processors.credit_card.supportsManualCapture).toBe(true);
    expect(processors.debit_card.supportsManualCapture).toBe(true);
    for (const method of ['bank_transfer', 'digital_wallet', 'crypto'] as const) {
      expect(processors[method].supportsManualCapture).toBe(false);
      const error = await rejects(charge(method, testInputs.find((row) => row.method === method)!.input, { capture: false }));
      expect(error).toMatchObject({ code: 'parameter_invalid', param: 'capture' });
    }
  });

  it('applies card outcomes whichever card method carries the number', async () => {
    expect(await charge('debit_card', { ...visa, number: '4000000000000002' })).toMatchObject({ failureCode: 'card_declined' });
    expect(await charge('credit_card', { ...visa, number: '4000056655669996' })).toMatchObject({ failureCode: 'insufficient_funds' });
  });

  it('succeeds for any other valid input', async () => {
    expect(await charge('credit_card', { ...visa, number: '4111 1111 1111 1111' })).toMatchObject({ status: 'succeeded' });
    expect(await charge('digital_wallet', { wallet: 'paypal', token: 'tok_anything' })).toMatchObject({ status: 'succeeded' });
  });
});

describe('capture and cancel', () => {
  it('captures up to the authorized amount, once', async () => {
    const paymentId = newId('pay');
    expect(await charge('credit_card', visa, { paymentId, capture: false })).toMatchObject({ status: 'requires_capture' });
    const error = await rejects(processors.credit_card.capture(paymentId, 5001));
    expect(error).toMatchObject({ code: 'capture_exceeds_authorized', param: 'amount' });
    const captured = await processors.credit_card.capture(paymentId, 3000);
    expect(captured).toMatchObject({ status: 'succeeded', capturedAmount: 3000 });
    // A retried capture reports the first one instead of capturing again.
    expect(await processors.credit_card.capture(paymentId, 5000)).toEqual(captured);
    expect(await processors.credit_card.cancel(paymentId)).toEqual(captured);
  });

  it('voids an authorization, after which capture does nothing', async () => {
    const paymentId = newId('pay');
    await charge('debit_card', visa, { paymentId, capture: false });
    const voided = await processors.debit_card.cancel(paymentId);
    expect(voided).toMatchObject({ status: 'voided' });
    expect(await processors.debit_card.capture(paymentId, 100)).toEqual(voided);
    expect(await processors.debit_card.verify(paymentId)).toEqual(voided);
  });

  it('reports unknown payments as not_found', async () => {
    expect(await processors.credit_card.verify('pay_missing')).toEqual({ status: 'not_found' });
    expect(await processors.credit_card.capture('pay_missing', 100)).toEqual({ status: 'not_found' });
    expect(await processors.credit_card.cancel('pay_missing')).toEqual({ status: 'not_found' });
  });
});

describe('refund', () => {
  it('refunds up to captured − refunded, idempotently per refundId', async () => {
    const paymentId = newId('pay');
    await charge('credit_card', visa, { paymentId });
    const refundId = newId('re');
    const first = await processors.credit_card.refund({ paymentId, refundId, amount: 2000 });
    expect(first.status).toBe('succeeded');
    expect(await processors.credit_card.refund({ paymentId, refundId, amount: 2000 })).toEqual(first);
    expect(await processors.credit_card.refund({ paymentId, refundId: newId('re'), amount: 3001 })).toMatchObject({
      status: 'failed',
      failureCode: 'refund_exceeds_captured',
    });
    expect((await processors.credit_card.refund({ paymentId, refundId: newId('re'), amount: 3000 })).status).toBe('succeeded');
    expect(await processors.credit_card.refund({ paymentId, refundId: newId('re'), amount: 1 })).toMatchObject({
      failureCode: 'refund_exceeds_captured',
    });
    expect(chargeRows(paymentId)[0]).toMatchObject({ capturedAmount: 5000, refundedAmount: 5000 });
  });

  it('limits refunds to the captured part of a partial capture', async () => {
    const paymentId = newId('pay');
    await charge('credit_card', visa, { paymentId, capture: false });
    expect(await processors.credit_card.refund({ paymentId, refundId: newId('re'), amount: 1 })).toMatchObject({
      failureCode: 'charge_not_captured',
    });
    await processors.credit_card.capture(paymentId, 3000);
    expect(await processors.credit_card.refund({ paymentId, refundId: newId('re'), amount: 3001 })).toMatchObject({
      failureCode: 'refund_exceeds_captured',
    });
    expect((await processors.credit_card.refund({ paymentId, refundId: newId('re'), amount: 3000 })).status).toBe('succeeded');
  });

  it('refunds a settled bank transfer, settling a due one first', async () => {
    const paymentId = newId('pay');
    await charge('bank_transfer', bank, { paymentId });
    expect(await processors.bank_transfer.refund({ paymentId, refundId: newId('re'), amount: 100 })).toMatchObject({
      failureCode: 'charge_not_captured',
    });
    nowMs += SETTLE_MS;
    expect((await processors.bank_transfer.refund({ paymentId, refundId: newId('re'), amount: 5000 })).status).toBe('succeeded');
  });

  it('fails for an unknown payment', async () => {
    expect(await processors.credit_card.refund({ paymentId: 'pay_missing', refundId: newId('re'), amount: 1 })).toEqual({
      status: 'failed',
      reference: null,
      failureCode: 'charge_not_found',
      failureMessage: expect.any(String),
    });
  });
});

describe('async settlement', () => {
  it('settleSimulatedChargeNow makes the next verify resolve', async () => {
    const paymentId = newId('pay');
    await charge('crypto', { network: 'ethereum', address: '0x000000000000000000000000000000000000dEaD' }, { paymentId });
    expect((await processors.crypto.verify(paymentId)).status).toBe('processing');
    expect(await settleSimulatedChargeNow(db, paymentId, nowMs)).toBe(true);
    expect(await processors.crypto.verify(paymentId)).toMatchObject({ status: 'failed', failureCode: 'confirmation_timeout' });
    expect(await settleSimulatedChargeNow(db, paymentId, nowMs)).toBe(false);
    expect(await settleSimulatedChargeNow(db, 'pay_missing')).toBe(false);
  });

  it('reads the settle delay from TILLPOINT_ASYNC_SETTLE_SECONDS', () => {
    expect(asyncSettleMsFromEnv({})).toBe(30_000);
    expect(asyncSettleMsFromEnv({ TILLPOINT_ASYNC_SETTLE_SECONDS: '2.5' })).toBe(2500);
    expect(asyncSettleMsFromEnv({ TILLPOINT_ASYNC_SETTLE_SECONDS: '0' })).toBe(0);
    expect(() => asyncSettleMsFromEnv({ TILLPOINT_ASYNC_SETTLE_SECONDS: 'soon' })).toThrow(/TILLPOINT_ASYNC_SETTLE_SECONDS/);
  });
});

describe('describe: validation', () => {
  const cardError = (details: unknown) => rejects(() => processors.credit_card.describe(details, now()));

  it.each([
    [{ ...visa, number: '4242424242424241' }, 'card_number_invalid', 'number'],
    [{ ...visa, number: '4242' }, 'card_number_invalid', 'number'],
    [{ ...visa, number: '42424242424242424242' }, 'card_number_invalid', 'number'],
    [{ ...visa, number: '4242-4242-4242-4242' }, 'card_number_invalid', 'number'],
    [{ ...visa, exp_month: 13 }, 'card_expiry_invalid', 'exp_month'],
    [{ ...visa, exp_month: 0 }, 'card_expiry_invalid', 'exp_month'],
    [{ ...visa, exp_month: 'ab' }, 'card_expiry_invalid', 'exp_month'],
    [{ ...visa, exp_month: 1.5 }, 'card_expiry_invalid', 'exp_month'],
    [{ ...visa, exp_year: 2025 }, 'card_expiry_invalid', 'exp_year'],
    [{ ...visa, exp_year: '203' }, 'card_expiry_invalid', 'exp_year'],
    [{ ...visa, exp_year: 2026, exp_month: 5 }, 'card_expiry_invalid', 'exp_month'],
    [{ ...visa, cvc: '12' }, 'card_cvc_invalid', 'cvc'],
    [{ ...visa, cvc: '1234' }, 'card_cvc_invalid', 'cvc'],
    [{ ...visa, number: '378282246310005', cvc: '123' }, 'card_cvc_invalid', 'cvc'],
    [{ ...visa, number: 4242424242424242 }, 'payment_details_invalid', 'number'],
    [{ ...visa, cvc: undefined }, 'payment_details_invalid', 'cvc'],
    [{ ...visa, cvc: 123 }, 'payment_details_invalid', 'cvc'],
    [{ ...visa, name: 'Ada' }, 'payment_details_invalid', 'name'],
  ])('%j → %s on %s', async (details, code, field) => {
    expect(await cardError(details)).toMatchObject({ code, param: `payment_details.${field}` });
  });

  it('requires payment_details to be an object', async () => {
    expect(await cardError(undefined)).toMatchObject({ code: 'payment_details_invalid', param: 'payment_details' });
    expect(await cardError('4242424242424242')).toMatchObject({ code: 'payment_details_invalid', param: 'payment_details' });
  });

  it('accepts spaced numbers, 2-digit years and this month', () => {
    const { stored } = processors.credit_card.describe({ ...visa, number: '4242 4242 4242 4242', exp_month: '06', exp_year: '26' }, now());
    expect(stored).toEqual({ brand: 'visa', last4: '4242', exp_month: 6, exp_year: 2026, funding: 'credit', country: 'US' });
  });

  it.each([
    ['bank_transfer', { ...bank, routing_number: '110000001' }, 'routing_number'],
    ['bank_transfer', { ...bank, routing_number: '11000000' }, 'routing_number'],
    ['bank_transfer', { ...bank, account_number: '123' }, 'account_number'],
    ['bank_transfer', { ...bank, account_number: 123456789 }, 'account_number'],
    ['digital_wallet', { wallet: 'venmo', token: 'tok_visa' }, 'wallet'],
    ['digital_wallet', { wallet: 'paypal', token: '' }, 'token'],
    ['crypto', { network: 'bitcoin', address: '0x71C7656EC7ab88b098defB751B7401B5f6d8976F' }, 'address'],
    ['crypto', { network: 'ethereum', address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' }, 'address'],
    ['crypto', { network: 'ethereum', address: '0x71C7656EC7ab88b098defB751B7401B5f6d8976' }, 'address'],
    ['crypto', { network: 'dogecoin', address: 'D8vFz4p1L37jdg47HXKtSHA5uYLYxbGgPD' }, 'network'],
  ] as const)('%s %j → payment_details_invalid on %s', async (method, details, field) => {
    expect(await rejects(() => processors[method].describe(details, now()))).toMatchObject({
      code: 'payment_details_invalid',
      param: `payment_details.${field}`,
    });
  });

  it('accepts a legacy bitcoin address and stores addresses shortened', () => {
    const legacy = processors.crypto.describe({ network: 'bitcoin', address: '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2' }, now());
    expect(legacy.stored).toEqual({ network: 'bitcoin', address: '1BvBMS…NVN2' });
    const eth = processors.crypto.describe({ network: 'ethereum', address: '0x71C7656EC7ab88b098defB751B7401B5f6d8976F' }, now());
    expect(eth.stored).toEqual({ network: 'ethereum', address: '0x71C7…976F' });
  });

  it('stores bank details without the account number', () => {
    expect(processors.bank_transfer.describe(bank, now()).stored).toEqual({ bank: 'Test Bank', routing_number: '110000000', last4: '6789' });
  });
});

describe('fingerprints', () => {
  const fp = (method: PaymentMethod, details: unknown) => processors[method].describe(details, now()).fingerprint;

  it('are stable for the same instrument and differ between instruments', () => {
    expect(fp('credit_card', visa)).toBe(fp('credit_card', { ...visa, number: '4242 4242 4242 4242', cvc: '999', exp_year: 2031 }));
    expect(fp('credit_card', visa)).toBe(fp('debit_card', visa));
    expect(fp('credit_card', visa)).not.toBe(fp('credit_card', { ...visa, number: '5555555555554444' }));
    expect(fp('bank_transfer', bank)).not.toBe(fp('bank_transfer', { ...bank, account_number: '000123456780' }));
    expect(fp('digital_wallet', { wallet: 'paypal', token: 'tok_a' })).not.toBe(fp('digital_wallet', { wallet: 'paypal', token: 'tok_b' }));
    const address = '0x71C7656EC7ab88b098defB751B7401B5f6d8976F';
    expect(fp('crypto', { network: 'ethereum', address })).toBe(fp('crypto', { network: 'ethereum', address: address.toLowerCase() }));
  });
});
