import { z } from 'zod';
import { parseOrThrow } from '@/lib/validation';
import { apiRoute } from '@/lib/http/route';
import { testModeOnly } from '@/lib/http/test-mode-only';
import { finishPayout, serializePayout } from '@/lib/settlement/payouts';

/** Test mode: `POST /test_helpers/payouts/{id}/paid` or `/failed` settles a payout at once. */
export const POST = testModeOnly(
  apiRoute({ permission: 'payouts:create' }, async ({ db, merchantId, params }) => {
    const { outcome } = parseOrThrow(z.object({ outcome: z.enum(['paid', 'failed']) }), params);
    return serializePayout(await finishPayout(db, merchantId, params.id, outcome));
  }),
);
