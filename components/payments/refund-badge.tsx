import { Badge } from '@/components/ui/badge';
import { decimalsOf, toMinor } from './decimal';

/** "Refunded" or "Partial refund" beside the status: refunds never change the status. */
export function RefundBadge({ payment }: { payment: { amount_captured: string; amount_refunded: string } }) {
  const decimals = decimalsOf(payment.amount_captured);
  const refunded = toMinor(payment.amount_refunded, decimals) ?? 0n;
  if (refunded === 0n) return null;
  const full = refunded >= (toMinor(payment.amount_captured, decimals) ?? 0n);
  return <Badge tone="slate">{full ? 'Refunded' : 'Partial refund'}</Badge>;
}
