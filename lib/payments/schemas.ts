import { z } from 'zod';
import { paymentMethods, paymentStatuses } from '@/db/schema';
import { isoDateParam } from '@/lib/list';

export const metadata = z
  .record(z.string().max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 50, 'metadata may have at most 50 keys');

export const createPaymentBody = z.strictObject({
  amount: z.string({ error: 'amount must be a decimal string such as "125.50"' }),
  currency: z.string(),
  method: z.enum(paymentMethods),
  customer_id: z.string().min(1).max(255).optional(),
  customer_email: z.email().max(255).optional(),
  // The buyer's IP when the call comes from the merchant's server; else the caller's IP is used.
  ip_address: z.union([z.ipv4(), z.ipv6()]).optional(),
  description: z.string().max(1000).optional(),
  metadata: metadata.optional(),
  capture: z.boolean().optional(),
  payment_details: z.record(z.string(), z.unknown()).describe('For the method: card `number`, `exp_month`, `exp_year`, `cvc`; bank_transfer `account_number`, `routing_number`; digital_wallet `wallet`, `token`; crypto `network`, `address`.'),
}).meta({
  examples: [
    {
      amount: '25.00',
      currency: 'usd',
      method: 'credit_card',
      customer_id: 'cus_42',
      description: 'Order 1042',
      metadata: { order_id: '1042' },
      payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' },
    },
  ],
});
export type CreatePaymentBody = z.infer<typeof createPaymentBody>;

export const captureBody = z.strictObject({ amount: z.string().optional().describe('Less than authorized to capture part; all of it by default.') }).meta({ examples: [{ amount: '20.00' }] });
export const cancelBody = z.strictObject({ reason: z.string().max(500).optional() });
export const refundBody = z
  .strictObject({
    amount: z.string().optional().describe('All that is left by default.'),
    reason: z.string().max(500).optional(),
    metadata: metadata.optional(),
  })
  .meta({ examples: [{ amount: '10.00', reason: 'customer request' }] });

export const listPaymentsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  starting_after: z.string().optional(),
  status: z.enum(paymentStatuses).optional(),
  method: z.enum(paymentMethods).optional(),
  customer_id: z.string().optional(),
  'created[gte]': isoDateParam.optional(),
  'created[lte]': isoDateParam.optional(),
  q: z.string().max(200).optional(),
});
export type ListPaymentsQuery = z.infer<typeof listPaymentsQuery>;
