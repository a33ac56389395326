import { apiRoute } from '@/lib/http/route';
import { approveReview } from '@/lib/review-queue/decide-review';
import { reviewResponse } from '@/lib/review-queue/list-reviews';

export const POST = apiRoute({ permission: 'reviews:decide' }, async ({ db, merchantId, principal, params }) =>
  reviewResponse(db, await approveReview(db, { merchantId, reviewId: params.id, actor: principal.actor })),
);
