import { apiRoute } from '@/lib/http/route';
import { createManualPayout, createPayoutBody, listPayouts, listPayoutsQuery, serializePayout } from '@/lib/settlement/payouts';
import { listResponse } from '@/lib/list';

export const GET = apiRoute({ permission: 'payments:read', query: listPayoutsQuery }, async ({ db, merchantId, query }) => {
  const page = await listPayouts(db, merchantId, query);
  const data = page.data.map(serializePayout);
  return listResponse(data, page.hasMore);
});

export const POST = apiRoute({ permission: 'payouts:create', body: createPayoutBody, status: 201 }, async ({ db, merchantId, principal, body }) =>
  serializePayout(await createManualPayout(db, { merchantId, actor: principal.actor, body })),
);
