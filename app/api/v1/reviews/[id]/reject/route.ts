import { apiRoute } from '@/lib/http/route';
import { rejectReview, rejectReviewBody } from '@/lib/review-queue/decide-review';
import { reviewResponse } from '@/lib/review-queue/list-reviews';

export const POST = apiRoute({ permission: 'reviews:decide', body: rejectReviewBody }, async ({ db, merchantId, principal, params, body }) =>
  reviewResponse(db, await rejectReview(db, { merchantId, reviewId: params.id, actor: principal.actor, reason: body.reason })),
);
