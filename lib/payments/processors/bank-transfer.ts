import { z } from 'zod';
import { keyedFingerprint } from './payment-details';
import type { SimulatedBooks } from './simulated-books';
import { createSimulatedProcessor } from './simulated-processor';
import { findTestInput } from './test-inputs';
import type { Processor } from './types';

/** ABA routing checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function abaRoutingValid(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const d = [...routing].map(Number);
  return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 === 0;
}

export const bankTransferDetailsSchema = z.strictObject({
  // Strings, not numbers: leading zeros are part of the account number.
  account_number: z.string().regex(/^\d{4,17}$/, 'must be 4 to 17 digits'),
  routing_number: z
    .string()
    .regex(/^\d{9}$/, 'must be 9 digits')
    .refine(abaRoutingValid, 'is not a valid ABA routing number (checksum failed)'),
});

/** ACH-style debit: `processing` until the settle delay, then captured or failed. */
export function createBankTransferProcessor(books: SimulatedBooks): Processor {
  return createSimulatedProcessor(
    {
      method: 'bank_transfer',
      detailsSchema: bankTransferDetailsSchema,
      supportsManualCapture: false,
      settlement: 'async',
      describe: (details) => ({
        stored: { bank: 'Test Bank', routing_number: details.routing_number, last4: details.account_number.slice(-4) },
        fingerprint: keyedFingerprint(`bank:${details.routing_number}:${details.account_number}`),
      }),
      decide: (details) => findTestInput(['bank_transfer'], details.account_number)?.outcome ?? { status: 'succeeded' },
    },
    books,
  );
}
