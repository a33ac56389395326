import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { ledgerAccounts } from '@/db/schema';
import { z } from 'zod';
import { currencyCode, decimalAmount, livemode } from '@/lib/api-objects';
import { formatAmount } from '@/lib/money/money';

export type BalanceAmount = { amount: string; currency: string };
/** One currency's balance in integer minor units. */
export type MinorBalance = { amount: number; currency: string };

const balanceAmounts = z.array(z.strictObject({ amount: decimalAmount, currency: currencyCode }));

export const balanceObject = z
  .strictObject({ object: z.literal('balance'), available: balanceAmounts, pending: balanceAmounts, livemode })
  .meta({
    id: 'Balance',
    description: 'Funds per currency: `pending` until they are released, then `available` for payouts.',
    examples: [{ object: 'balance', available: [{ amount: '1250.00', currency: 'USD' }], pending: [{ amount: '23.97', currency: 'USD' }], livemode: false }],
  });

/**
 * What Tillpoint owes the merchant, per currency, in minor units: `pending` (captured, not yet
 * payable) and `available`, each listing the currencies that have such an account, sorted.
 * Merchant accounts are liabilities, so their credit balance is the amount owed.
 */
export async function getMinorBalance(db: Db, merchantId: string): Promise<{ available: MinorBalance[]; pending: MinorBalance[] }> {
  const accounts = await db
    .select({ currency: ledgerAccounts.currency, type: ledgerAccounts.type, balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.merchantId, merchantId));
  const list = (type: 'merchant_pending' | 'merchant_available'): MinorBalance[] =>
    accounts
      .filter((a) => a.type === type)
      .map((a) => ({ amount: -a.balance, currency: a.currency }))
      .sort((a, b) => a.currency.localeCompare(b.currency));
  return { available: list('merchant_available'), pending: list('merchant_pending') };
}

/** The native API's balance: the same amounts as decimal strings. */
export async function getBalance(db: Db, merchantId: string): Promise<z.infer<typeof balanceObject>> {
  const { available, pending } = await getMinorBalance(db, merchantId);
  const format = (list: MinorBalance[]): BalanceAmount[] => list.map((b) => ({ amount: formatAmount(b.amount, b.currency), currency: b.currency }));
  return { object: 'balance' as const, available: format(available), pending: format(pending), livemode: false };
}
