import { apiRoute } from '@/lib/http/route';
import { approveReview } from '@/lib/risk/decide-review';
import { reviewResponse } from '@/lib/risk/reviews';

export const POST = apiRoute({ permission: 'reviews:decide' }, async ({ db, merchantId, principal, params }) =>
  reviewResponse(db, await approveReview(db, { merchantId, reviewId: params.id, actor: principal.actor })),
);
