import { PageHeader } from '@/components/ui/card';

export default function DevelopersPage() {
  return <PageHeader title="Developers" />;
}
