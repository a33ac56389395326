import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { ledgerAccounts } from '@/db/schema';
import { z } from 'zod';
import { currencyCode, decimalAmount, livemode } from '@/lib/api-objects';
import { formatAmount } from '@/lib/money/money';

export type BalanceAmount = { amount: string; currency: string };

/**
 * What Tillpoint owes the merchant, per currency: `pending` (captured, not yet payable) and
 * `available`. Merchant accounts are liabilities, so their credit balance is the amount owed.
 */
const balanceAmounts = z.array(z.strictObject({ amount: decimalAmount, currency: currencyCode }));

export const balanceObject = z
  .strictObject({ object: z.literal('balance'), available: balanceAmounts, pending: balanceAmounts, livemode })
  .meta({
    id: 'Balance',
    description: 'Funds per currency: `pending` until they are released, then `available` for payouts.',
    examples: [{ object: 'balance', available: [{ amount: '1250.00', currency: 'USD' }], pending: [{ amount: '23.97', currency: 'USD' }], livemode: false }],
  });

export async function getBalance(db: Db, merchantId: string): Promise<z.infer<typeof balanceObject>> {
  const accounts = await db
    .select({ currency: ledgerAccounts.currency, type: ledgerAccounts.type, balance: ledgerAccounts.balance })
    .from(ledgerAccounts)
    .where(eq(ledgerAccounts.merchantId, merchantId));
  const byCurrency = new Map<string, { pending: number; available: number }>();
  for (const account of accounts) {
    const entry = byCurrency.get(account.currency) ?? { pending: 0, available: 0 };
    if (account.type === 'merchant_pending') entry.pending = -account.balance;
    if (account.type === 'merchant_available') entry.available = -account.balance;
    byCurrency.set(account.currency, entry);
  }
  const currencies = [...byCurrency.keys()].sort();
  const list = (key: 'pending' | 'available'): BalanceAmount[] =>
    currencies
      .filter((c) => accounts.some((a) => a.currency === c && a.type === `merchant_${key}`))
      .map((c) => ({ amount: formatAmount(byCurrency.get(c)![key], c), currency: c }));
  return { object: 'balance' as const, available: list('available'), pending: list('pending'), livemode: false };
}
