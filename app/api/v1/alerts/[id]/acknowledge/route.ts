import { apiRoute } from '@/lib/http/route';
import { acknowledgeAlert, serializeAlert } from '@/lib/monitoring/alerts';

export const POST = apiRoute({ permission: 'alerts:acknowledge' }, async ({ db, merchantId, principal, params }) =>
  serializeAlert(await acknowledgeAlert(db, merchantId, params.id, principal.actor)),
);
