import { apiRoute } from '@/lib/http/route';
import { resolveItemBody, resolveReconciliationItem, serializeReconciliationItem } from '@/lib/settlement/reconciliation';

export const POST = apiRoute({ permission: 'payouts:create', body: resolveItemBody }, async ({ db, merchantId, principal, params, body }) =>
  serializeReconciliationItem(await resolveReconciliationItem(db, merchantId, principal.actor, params.id, body.note)),
);
