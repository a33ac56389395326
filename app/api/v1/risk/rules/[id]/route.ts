import { apiRoute } from '@/lib/http/route';
import {
  deleteRiskRule,
  getRiskRuleOrThrow,
  serializeRiskRule,
  updateRiskRule,
  updateRiskRuleBody,
} from '@/lib/risk/custom-rules';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId, params }) => {
  const { rule, version, versions } = await getRiskRuleOrThrow(db, merchantId, params.id);
  return serializeRiskRule(rule, version, versions);
});

export const POST = apiRoute({ permission: 'risk:manage', body: updateRiskRuleBody }, async ({ db, merchantId, principal, params, body }) => {
  const { rule, version, versions } = await updateRiskRule(db, merchantId, principal.actor, params.id, body);
  return serializeRiskRule(rule, version, versions);
});

export const DELETE = apiRoute({ permission: 'risk:manage' }, async ({ db, merchantId, params }) => deleteRiskRule(db, merchantId, params.id));
