import { describe, expect, it } from 'vitest';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { dbWithMerchant } from '@/tests/test-db';
import { createPayment } from './create-payment';
import { listPayments } from './list-payments';

const card = (number: string) => ({ number, exp_month: 12, exp_year: 2099, cvc: '123' });
const found = async (db: Awaited<ReturnType<typeof dbWithMerchant>>['db'], merchantId: string, q: string) =>
  (await listPayments(db, merchantId, { limit: 100, q })).data.map((p) => p.id);

describe('payment search (q)', () => {
  it('finds a payment by any part of its id, customer, email, description or card last4, and only it', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const target = await createPayment(db, {
      merchantId,
      body: { amount: '12.00', currency: 'USD', method: 'credit_card', customer_id: 'cus_Marigold77', customer_email: 'Ada.Lovelace@example.org', description: 'Harpsichord tuning, March', payment_details: card('5555555555554444') },
    });
    const other = await createPayment(db, {
      merchantId,
      body: { amount: '9.00', currency: 'USD', method: 'credit_card', customer_id: 'cus_other', customer_email: 'bob@example.com', description: 'Piano lesson', payment_details: card('4242424242424242') },
    });
    const { merchantId: elsewhere } = await createMerchant(db, { name: 'Another merchant' });

    for (const q of [target.id, target.id.slice(8, 20), 'marigold', 'cus_Marigold77', 'lovelace@example.org', 'ADA.LOVE', 'harpsichord', 'tuning, mar', '4444']) {
      expect(await found(db, merchantId, q), q).toEqual([target.id]);
    }
    expect(await found(db, merchantId, '4242')).toEqual([other.id]);
    expect(await found(db, merchantId, 'example')).toEqual([other.id, target.id]);
    // Shorter than a trigram: matched by a scan, same fields (ids never contain L or O).
    expect(await found(db, merchantId, 'lo')).toEqual([target.id]);
    expect(await found(db, merchantId, 'nothing like it')).toEqual([]);
    // Quotes and FTS syntax are searched for as text, never parsed.
    expect(await found(db, merchantId, '"harp" OR piano')).toEqual([]);
    expect(await found(db, elsewhere, 'marigold')).toEqual([]);
  });
});
