import { Badge, statusTones } from '@/components/ui/badge';

const labels: Record<string, string> = {
  pending: 'Pending',
  in_transit: 'In transit',
  paid: 'Paid',
  failed: 'Failed',
  available: 'Available',
};

/** Payout and balance-transaction statuses, in the shared colour map (the payment labels differ: "pending" is not "In review" here). */
export function MoneyStatusBadge({ status }: { status: string }) {
  return <Badge tone={statusTones[status] ?? 'slate'}>{labels[status] ?? status}</Badge>;
}

export const typeLabels: Record<string, string> = {
  charge: 'Charge',
  refund: 'Refund',
  payout: 'Payout',
  adjustment: 'Adjustment',
};
