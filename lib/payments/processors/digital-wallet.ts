import { z } from 'zod';
import { keyedFingerprint } from './payment-details';
import type { SimulatedBooks } from './simulated-books';
import { createSimulatedProcessor } from './simulated-processor';
import { findTestInput } from './test-inputs';
import type { Processor } from './types';

export const walletNames = ['apple_pay', 'google_pay', 'paypal'] as const;

export const digitalWalletDetailsSchema = z.strictObject({
  wallet: z.enum(walletNames),
  token: z.string().min(1).max(255),
});

/** Apple Pay / Google Pay / PayPal tokens: settled immediately; the token decides. */
export function createDigitalWalletProcessor(books: SimulatedBooks): Processor {
  return createSimulatedProcessor(
    {
      method: 'digital_wallet',
      detailsSchema: digitalWalletDetailsSchema,
      supportsManualCapture: false,
      settlement: 'immediate',
      // The token is a bearer credential, so only its keyed fingerprint is kept.
      describe: (details) => ({
        stored: { wallet: details.wallet },
        fingerprint: keyedFingerprint(`wallet:${details.wallet}:${details.token}`),
      }),
      decide: (details) => findTestInput(['digital_wallet'], details.token)?.outcome ?? { status: 'succeeded' },
    },
    books,
  );
}
