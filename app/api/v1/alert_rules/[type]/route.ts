import { z } from 'zod';
import { parseOrThrow } from '@/lib/validation';
import { apiRoute } from '@/lib/http/route';
import { evaluatedAlertTypes, serializeAlertRule, updateAlertRule, updateAlertRuleBody } from '@/lib/monitoring/alert-rules';

const alertType = z.enum(evaluatedAlertTypes as [string, ...string[]]);

export const POST = apiRoute({ permission: 'alerts:configure', body: updateAlertRuleBody }, async ({ db, merchantId, params, body }) => {
  const type = parseOrThrow(z.object({ type: alertType }), params).type as (typeof evaluatedAlertTypes)[number];
  return serializeAlertRule(await updateAlertRule(db, merchantId, type, body));
});
