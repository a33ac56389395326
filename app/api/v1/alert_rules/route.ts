import { apiRoute } from '@/lib/http/route';
import { listAlertRules, serializeAlertRule } from '@/lib/monitoring/alert-rules';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId }) => ({
  object: 'list',
  data: (await listAlertRules(db, merchantId)).map(serializeAlertRule),
  has_more: false,
}));
