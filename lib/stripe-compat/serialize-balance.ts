import type { MinorBalance } from '@/lib/ledger/balance';
import { stripeCurrency } from './serialize';

/** The ledger's balance as Stripe's Balance: integer minor units per lowercase currency. */
export function serializeStripeBalance(balance: { available: MinorBalance[]; pending: MinorBalance[] }) {
  const list = (amounts: MinorBalance[]) => amounts.map((b) => ({ amount: b.amount, currency: stripeCurrency(b.currency) }));
  return { object: 'balance' as const, available: list(balance.available), pending: list(balance.pending), livemode: false };
}
