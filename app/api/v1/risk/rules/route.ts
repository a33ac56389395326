import { apiRoute } from '@/lib/http/route';
import { createCustomRule } from '@/lib/risk/custom-rules/create-custom-rule';
import { listCustomRules } from '@/lib/risk/custom-rules/queries';
import { createCustomRuleBody } from '@/lib/risk/custom-rules/schemas';
import { serializeCustomRule } from '@/lib/risk/custom-rules/serialize';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId }) => {
  const rules = await listCustomRules(db, { merchantId });
  return { object: 'list', data: rules.map((r) => serializeCustomRule(r)), has_more: false };
});

export const POST = apiRoute({ permission: 'risk:manage', body: createCustomRuleBody, status: 201 }, async ({ db, merchantId, principal, body }) =>
  serializeCustomRule(await createCustomRule(db, { merchantId, actor: principal.actor, ...body })),
);
