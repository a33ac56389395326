import { apiRoute } from '@/lib/http/route';
import { approveReview } from '@/lib/risk/decide-review';
import { reviewResponse } from '@/lib/risk/reviews';

export const POST = apiRoute({}, async ({ db, merchantId, principal, params }) =>
  reviewResponse(db, await approveReview(db, merchantId, params.id, principal.apiKeyId)),
);
