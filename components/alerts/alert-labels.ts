import type { Alert } from '@/components/hooks/alerts';

export const alertTypeLabels: Record<Alert['type'], string> = {
  high_failure_rate: 'High failure rate',
  large_transaction: 'Large transaction',
  review_backlog: 'Review backlog',
  webhook_failures: 'Webhook failures',
};
