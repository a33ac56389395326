import { transaction, type Db } from '@/db/client';
import { riskRules, riskRuleVersions } from '@/db/schema';
import { parseOrThrow } from '@/lib/validation';
import { newId } from '@/lib/ids';
import { validateExpression } from './compile-expression';
import { refuseDuplicateName, type CustomRuleDetail } from './queries';
import { createCustomRuleBody, scoreMissing, type CreateCustomRuleInput } from './schemas';

export type CreateCustomRuleOptions = { merchantId: string; actor: string; now?: number } & CreateCustomRuleInput;

/** A new rule at version 1; the fields are validated here too, for callers that are not the API. */
export async function createCustomRule(db: Db, { merchantId, actor, now = Date.now(), ...input }: CreateCustomRuleOptions): Promise<Required<CustomRuleDetail>> {
  const body = parseOrThrow(createCustomRuleBody, input);
  validateExpression(body.expression);
  if (body.action === 'score' && body.score === undefined) throw scoreMissing();
  const id = newId('rule', now);
  return transaction(db, async (tx) => {
    await refuseDuplicateName(tx, { merchantId, name: body.name });
    const [rule] = await tx
      .insert(riskRules)
      .values({ id, merchantId, name: body.name, enabled: body.enabled ?? true, currentVersion: 1, createdAt: now, updatedAt: now })
      .returning();
    const [version] = await tx
      .insert(riskRuleVersions)
      .values({ ruleId: id, version: 1, expression: body.expression, action: body.action, score: body.score ?? 0, createdBy: actor, createdAt: now })
      .returning();
    return { rule, version, versions: [version] };
  });
}
