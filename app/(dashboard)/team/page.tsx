import { PageHeader } from '@/components/ui/card';

export default function TeamPage() {
  return <PageHeader title="Team" />;
}
