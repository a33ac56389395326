import { apiRoute } from '@/lib/http/route';
import { resolveReconciliationItem } from '@/lib/settlement/reconciliation/resolve-reconciliation-item';
import { resolveItemBody } from '@/lib/settlement/reconciliation/schemas';
import { serializeReconciliationItem } from '@/lib/settlement/reconciliation/serialize';

export const POST = apiRoute({ permission: 'payouts:create', body: resolveItemBody }, async ({ db, merchantId, principal, params, body }) =>
  serializeReconciliationItem(await resolveReconciliationItem(db, { merchantId, itemId: params.id, note: body.note, actor: principal.actor })),
);
