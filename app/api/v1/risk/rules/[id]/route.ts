import { apiRoute } from '@/lib/http/route';
import { deleteCustomRule } from '@/lib/risk/custom-rules/delete-custom-rule';
import { getCustomRuleOrThrow } from '@/lib/risk/custom-rules/queries';
import { updateCustomRuleBody } from '@/lib/risk/custom-rules/schemas';
import { serializeCustomRule } from '@/lib/risk/custom-rules/serialize';
import { updateCustomRule } from '@/lib/risk/custom-rules/update-custom-rule';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId, params }) =>
  serializeCustomRule(await getCustomRuleOrThrow(db, { merchantId, ruleId: params.id })),
);

export const POST = apiRoute({ permission: 'risk:manage', body: updateCustomRuleBody }, async ({ db, merchantId, principal, params, body }) =>
  serializeCustomRule(await updateCustomRule(db, { merchantId, ruleId: params.id, actor: principal.actor, ...body })),
);

export const DELETE = apiRoute({ permission: 'risk:manage' }, async ({ db, merchantId, params }) => deleteCustomRule(db, { merchantId, ruleId: params.id }));
