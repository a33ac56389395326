import { apiRoute } from '@/lib/http/route';
import { getReviewOrThrow, reviewResponse } from '@/lib/risk/reviews';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId, params }) =>
  reviewResponse(db, await getReviewOrThrow(db, merchantId, params.id)),
);
