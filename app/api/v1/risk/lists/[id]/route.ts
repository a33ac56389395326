import { apiRoute } from '@/lib/http/route';
import { removeListEntry } from '@/lib/risk/lists';

export const DELETE = apiRoute({ permission: 'risk:manage' }, async ({ db, merchantId, params }) => {
  await removeListEntry(db, merchantId, params.id);
  return { id: params.id, object: 'risk_list_entry', deleted: true };
});
