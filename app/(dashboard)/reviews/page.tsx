import type { ReviewStatus } from '@/components/hooks/reviews';
import { ReviewQueue } from '@/components/reviews/review-queue';

const statuses: ReviewStatus[] = ['open', 'approved', 'rejected'];

export default async function ReviewsPage({ searchParams }: { searchParams: Promise<{ status?: string | string[] }> }) {
  const { status } = await searchParams;
  const initial = statuses.find((s) => s === status) ?? 'open';
  return <ReviewQueue initialStatus={initial} />;
}
