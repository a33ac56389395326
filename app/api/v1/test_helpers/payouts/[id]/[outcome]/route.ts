import { parseOrThrow } from '@/lib/validation';
import { apiRoute } from '@/lib/http/route';
import { testModeOnly } from '@/lib/http/test-mode-only';
import { finishPayout, payoutOutcomeParams, serializePayout } from '@/lib/settlement/payouts';

/** Test mode: `POST /test_helpers/payouts/{id}/paid` or `/failed` settles a payout at once. */
export const POST = testModeOnly(
  apiRoute({ permission: 'payouts:create' }, async ({ db, merchantId, params }) => {
    const { outcome } = parseOrThrow(payoutOutcomeParams, params);
    return serializePayout(await finishPayout(db, merchantId, params.id, outcome));
  }),
);
