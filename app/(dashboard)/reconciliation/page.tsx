import { ReconciliationView } from '@/components/reconciliation/reconciliation-view';

export const metadata = { title: 'Reconciliation · Tillpoint' };

export default function ReconciliationPage() {
  return <ReconciliationView />;
}
