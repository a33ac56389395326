import { PageHeader } from '@/components/ui/card';

export default function ReviewsPage() {
  return <PageHeader title="Reviews" />;
}
