import { apiRoute } from '@/lib/http/route';
import { listReviews, listReviewsQuery, reviewResponse } from '@/lib/review-queue/list-reviews';
import { listResponse } from '@/lib/list';

export const GET = apiRoute({ permission: 'payments:read', query: listReviewsQuery }, async ({ db, merchantId, query }) => {
  const page = await listReviews(db, merchantId, query);
  const data = await Promise.all(page.data.map((review) => reviewResponse(db, review)));
  return listResponse(data, page.hasMore);
});
