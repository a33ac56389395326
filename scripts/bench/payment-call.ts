import { randomUUID } from 'node:crypto';
import { luhnValid } from '@/lib/payments/processors/card';
import type { Call } from './load';

/** A valid, distinct Visa number per payment: real traffic has many cards, not one. */
function randomCard(): string {
  const payload = `4${String(Math.floor(Math.random() * 1e14)).padStart(14, '0')}`;
  for (let d = 0; d < 10; d++) if (luhnValid(payload + d)) return payload + d;
  throw new Error('unreachable');
}

/** A keyed card payment, as an integration sends one. */
export function paymentCall(secretKey: string, number = randomCard()): Call {
  return {
    method: 'POST',
    path: '/api/v1/payments',
    headers: { authorization: `Bearer ${secretKey}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      amount: '25.00',
      currency: 'usd',
      method: 'credit_card',
      customer_id: `cus_${randomUUID().slice(0, 12)}`,
      customer_email: 'buyer@example.com',
      description: 'Bench order',
      payment_details: { number, exp_month: 12, exp_year: 2099, cvc: '123' },
    }),
  };
}
