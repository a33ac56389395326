import { PageHeader } from '@/components/ui/card';

export default function OverviewPage() {
  return <PageHeader title="Overview" />;
}
