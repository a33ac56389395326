import { describe, expect, it } from 'vitest';
import { transaction } from '@/db/client';
import { releaseAvailableFunds } from '@/lib/settlement/balance-transactions';
import { runSettlement } from '@/lib/settlement/payouts';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { cardPayment, newMerchant, signInAs, suiteDb } from './api-client';

const DAY = 86_400_000;

/** Time passes for this test's merchant: its funds become available and yesterday settles. */
async function daysPass(merchantId: string, days: number) {
  const now = Date.now() + days * DAY;
  await transaction(suiteDb(), (tx) => releaseAvailableFunds(tx, now));
  return runSettlement(suiteDb(), new Date(now - DAY).toISOString().slice(0, 10), { merchantId, now });
}

describe('balance transactions, payouts and fees', () => {
  it('records each charge with its fee, net and availability date', async () => {
    const { api } = await newMerchant();
    const paid = await api.post('/payments', cardPayment({ amount: '100.00' }));
    const wallet = await api.post('/payments', cardPayment({ amount: '40.00', currency: 'EUR', method: 'digital_wallet', payment_details: { wallet: 'google_pay', token: 'tok_visa' } }));
    await api.post(`/payments/${paid.body.id}/refunds`, { amount: '25.00' });

    const list = await api.get('/balance_transactions');
    expect(list.body.data.map((t: { type: string; source: string }) => [t.type, t.source])).toEqual([
      ['refund', expect.stringMatching(/^re_/)],
      ['charge', wallet.body.id],
      ['charge', paid.body.id],
    ]);
    const charge = list.body.data[2];
    expect(charge).toMatchObject({ object: 'balance_transaction', amount: '100.00', fee: '3.20', net: '96.80', currency: 'USD', status: 'pending', payout: null });
    const twoDaysOn = new Date(Math.floor(Date.parse(charge.created) / DAY) * DAY + 2 * DAY).toISOString();
    expect(charge.available_on).toBe(twoDaysOn);
    expect(list.body.data[1]).toMatchObject({ amount: '40.00', fee: '1.00', net: '39.00', currency: 'EUR' });
    expect(list.body.data[0]).toMatchObject({ amount: '-25.00', fee: '0.00', net: '-25.00', status: 'available' });
    expect((await api.get('/balance_transactions?type=charge&currency=eur')).body.data).toHaveLength(1);

    const fees = await api.get('/fee_settings');
    expect(fees.body).toMatchObject({
      refund_fee_policy: 'none',
      schedules: { credit_card: { rate_percent: '2.9', fixed: '0.30', cap: null }, bank_transfer: { rate_percent: '0.8', cap: '5.00' } },
    });
  });

  it('changes part of the fee schedule in decimal strings, charges it in minor units, and refuses amounts it could not keep exactly', async () => {
    const email = `owner-${Date.now()}-${Math.random().toString(36).slice(2)}@fees.test`;
    await createMerchant(suiteDb(), { name: 'Fee shop', owner: { email, password: 'correct horse battery' } });
    const owner = await signInAs(email, 'correct horse battery');
    const changed = await owner.post('/fee_settings', { schedules: { credit_card: { rate_percent: '1.25', fixed: '0.1', cap: '2.005' } } });
    expect(changed.status).toBe(200);
    expect(changed.body.schedules).toMatchObject({
      credit_card: { rate_percent: '1.25', fixed: '0.10', cap: '2.005' },
      crypto: { rate_percent: '1', fixed: '0', cap: null },
    });
    const tooFine = await owner.post('/fee_settings', { schedules: { credit_card: { rate_percent: '1', fixed: '0.0001' } } });
    expect(tooFine.status).toBe(400);
    expect(tooFine.body.error).toMatchObject({ code: 'parameter_invalid', param: 'schedules.credit_card.fixed' });
    expect((await owner.get('/fee_settings')).body.schedules.credit_card).toEqual({ rate_percent: '1.25', fixed: '0.10', cap: '2.005' });

    // 1.25% of 100.000 BHD is 1.250, + 0.100: 1.350 BHD, under the cap; of 1000 JPY 12.5 yen, but the
    // cap of 2.005 is 2 yen there.
    const bhd = await owner.post('/payments', cardPayment({ amount: '100.000', currency: 'BHD' }));
    const jpy = await owner.post('/payments', cardPayment({ amount: '1000', currency: 'JPY' }));
    const charges = (await owner.get('/balance_transactions?type=charge')).body.data;
    const feeOf = (id: string) => charges.find((t: { source: string }) => t.source === id)?.fee;
    expect([feeOf(bhd.body.id), feeOf(jpy.body.id)]).toEqual(['1.350', '2']);
  });

  it('pays out available funds in a daily batch that lists its transactions, and returns a failed payout', async () => {
    const { api, merchantId } = await newMerchant();
    await api.post('/payments', cardPayment({ amount: '100.00' }));
    await api.post('/payments', cardPayment({ amount: '50.00' }));
    const early = await api.post('/payouts', { amount: '1.00', currency: 'USD' });
    expect(early.status).toBe(400);
    expect(early.body.error).toMatchObject({ code: 'payout_exceeds_available', message: 'Only 0.00 USD is available for payout.' });

    const [settled] = await daysPass(merchantId, 3);
    expect(settled.payoutId).toMatch(/^po_/);
    expect((await api.get('/balance')).body.available).toEqual([{ amount: '0.00', currency: 'USD' }]);

    const payout = await api.get(`/payouts/${settled.payoutId}`);
    expect(payout.body).toMatchObject({ object: 'payout', amount: '145.05', method: 'automatic' }); // 96.80 + 48.25
    expect(['pending', 'in_transit']).toContain(payout.body.status); // the server's worker sends it on
    const itemized = payout.body.balance_transactions.data.filter((t: { type: string }) => t.type === 'charge');
    expect(itemized.map((t: { net: string }) => t.net).sort()).toEqual(['48.25', '96.80']);

    const failed = await api.post(`/test_helpers/payouts/${settled.payoutId}/failed`);
    expect(failed.body).toMatchObject({ status: 'failed', failure_code: 'account_closed' });
    expect((await api.get('/balance')).body.available).toEqual([{ amount: '145.05', currency: 'USD' }]);

    const manual = await api.post('/payouts', { amount: '100.00', currency: 'usd', description: 'Rent' });
    expect(manual.status).toBe(201);
    expect(manual.body).toMatchObject({ amount: '100.00', currency: 'USD', method: 'manual', status: 'pending' });
    expect((await api.get('/balance')).body.available).toEqual([{ amount: '45.05', currency: 'USD' }]);
    expect((await api.post(`/test_helpers/payouts/${manual.body.id}/paid`)).body.status).toBe('paid');
    expect((await api.get('/payouts')).body.data.map((p: { status: string }) => p.status).sort()).toEqual(['failed', 'paid']);

    const other = await newMerchant();
    expect((await other.api.get(`/payouts/${manual.body.id}`)).status).toBe(404);
  });
});
