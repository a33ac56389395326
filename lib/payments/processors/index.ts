import type { Db } from '@/db/client';
import { createBankTransferProcessor } from './bank-transfer';
import { createCreditCardProcessor } from './credit-card';
import { createCryptoProcessor } from './crypto';
import { createDebitCardProcessor } from './debit-card';
import { createDigitalWalletProcessor } from './digital-wallet';
import { createSimulatedBooks, settleChargeNow } from './simulated-books';
import type { PaymentMethod, Processor } from './types';

export type { ChargeInput, ChargeOutcome, PaymentMethod, Processor, RefundOutcome } from './types';
export { testInputs, outcomeKey, TEST_ROUTING_NUMBER, type TestInput, type TestOutcome } from './test-inputs';

const DEFAULT_ASYNC_SETTLE_SECONDS = 30;

/** How long bank transfers and crypto stay `processing`: TILLPOINT_ASYNC_SETTLE_SECONDS (30 s). */
export function asyncSettleMsFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TILLPOINT_ASYNC_SETTLE_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_ASYNC_SETTLE_SECONDS * 1000;
  const seconds = Number(raw);
  // Fail at startup rather than silently settling on a default nobody asked for.
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`TILLPOINT_ASYNC_SETTLE_SECONDS must be a non-negative number of seconds, got '${raw}'`);
  }
  return Math.round(seconds * 1000);
}

/** The five simulated processors, sharing one set of simulated books in `db`. */
export function createProcessors(
  db: Db,
  options: { asyncSettleMs?: number; now?: () => number } = {},
): Record<PaymentMethod, Processor> {
  const books = createSimulatedBooks(db, {
    now: options.now ?? Date.now,
    asyncSettleMs: options.asyncSettleMs ?? asyncSettleMsFromEnv(),
  });
  return {
    credit_card: createCreditCardProcessor(books),
    debit_card: createDebitCardProcessor(books),
    bank_transfer: createBankTransferProcessor(books),
    digital_wallet: createDigitalWalletProcessor(books),
    crypto: createCryptoProcessor(books),
  };
}

/**
 * Test and demo helper: makes a `processing` charge due at `at` (default: now) so the next
 * `verify` settles it. False when the payment has no processing charge.
 */
export async function settleSimulatedChargeNow(db: Db, paymentId: string, at: number = Date.now()): Promise<boolean> {
  return settleChargeNow(db, paymentId, at);
}
