import { apiRoute } from '@/lib/http/route';
import { getReviewOrThrow } from '@/lib/risk/reviews';
import { reviewResponse } from '@/lib/review-queue/list-reviews';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId, params }) =>
  reviewResponse(db, await getReviewOrThrow(db, merchantId, params.id)),
);
