import { Badge } from '@/components/ui/badge';
import { decimalToMinor } from '@/lib/money/money';

/** "Refunded" or "Partial refund" beside the status: refunds never change the status. */
export function RefundBadge({ payment }: { payment: { amount_captured: string; amount_refunded: string; currency: string } }) {
  const refunded = decimalToMinor(payment.amount_refunded, payment.currency);
  if (refunded === 0) return null;
  const full = refunded >= decimalToMinor(payment.amount_captured, payment.currency);
  return <Badge tone="slate">{full ? 'Refunded' : 'Partial refund'}</Badge>;
}
