import { z } from 'zod';
import { apiRoute } from '@/lib/http/route';
import { rejectReview } from '@/lib/review-queue/decide-review';
import { reviewResponse } from '@/lib/review-queue/list-reviews';

const rejectBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const POST = apiRoute({ permission: 'reviews:decide', body: rejectBody }, async ({ db, merchantId, principal, params, body }) =>
  reviewResponse(db, await rejectReview(db, { merchantId, reviewId: params.id, actor: principal.actor, reason: body.reason })),
);
