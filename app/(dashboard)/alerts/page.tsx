import { AlertsView } from '@/components/alerts/alerts-view';
import { PageHeader } from '@/components/ui/card';

export const metadata = { title: 'Alerts · Tillpoint' };

export default function AlertsPage() {
  return (
    <>
      <PageHeader title="Alerts" description="Failure spikes, large payments and review backlogs, as they happen." />
      <AlertsView />
    </>
  );
}
