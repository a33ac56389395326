import { parseOrThrow } from '@/lib/validation';
import { apiRoute } from '@/lib/http/route';
import { alertRuleParams, serializeAlertRule, updateAlertRule, updateAlertRuleBody } from '@/lib/monitoring/alert-rules';

export const POST = apiRoute({ permission: 'alerts:configure', body: updateAlertRuleBody }, async ({ db, merchantId, params, body }) => {
  const { type } = parseOrThrow(alertRuleParams, params);
  return serializeAlertRule(await updateAlertRule(db, merchantId, type, body));
});
