import { apiRoute } from '@/lib/http/route';
import { createRiskRule, createRiskRuleBody, listRiskRules, serializeRiskRule } from '@/lib/risk/custom-rules';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId }) => {
  const rules = await listRiskRules(db, merchantId);
  return { object: 'list', data: rules.map((r) => serializeRiskRule(r.rule, r.version)), has_more: false };
});

export const POST = apiRoute({ permission: 'risk:manage', body: createRiskRuleBody, status: 201 }, async ({ db, merchantId, principal, body }) => {
  const { rule, version, versions } = await createRiskRule(db, merchantId, principal.actor, body);
  return serializeRiskRule(rule, version, versions);
});
