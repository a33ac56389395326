import { and, eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { riskRules, riskRuleVersions } from '@/db/schema';
import { parseOrThrow } from '@/lib/validation';
import { validateExpression } from './compile-expression';
import { getCustomRuleOrThrow, liveRuleOrThrow, refuseDuplicateName, type CustomRuleDetail } from './queries';
import { scoreMissing, updateCustomRuleBody, type UpdateCustomRuleInput } from './schemas';

export type UpdateCustomRuleOptions = { merchantId: string; ruleId: string; actor: string; now?: number } & UpdateCustomRuleInput;

/**
 * Renames or enables/disables in place; a change of expression, action or score adds a new
 * version (the old ones are kept, so a payment's factor `v<n>` can always be looked up).
 */
export async function updateCustomRule(db: Db, { merchantId, ruleId: id, actor, now = Date.now(), ...input }: UpdateCustomRuleOptions): Promise<Required<CustomRuleDetail>> {
  const body = parseOrThrow(updateCustomRuleBody, input);
  if (body.expression !== undefined) validateExpression(body.expression);
  await transaction(db, async (tx) => {
    const rule = await liveRuleOrThrow(tx, { merchantId, ruleId: id });
    const [current] = await tx
      .select()
      .from(riskRuleVersions)
      .where(and(eq(riskRuleVersions.ruleId, id), eq(riskRuleVersions.version, rule.currentVersion)));
    const action = body.action ?? current.action;
    if (action === 'score' && current.action !== 'score' && body.score === undefined) throw scoreMissing();
    // A rule turned into review/block without a score stops adding its old score.
    const score = body.score ?? (action !== current.action ? 0 : current.score);
    const next = { expression: body.expression ?? current.expression, action, score };
    const changed = next.expression !== current.expression || next.action !== current.action || next.score !== current.score;

    if (body.name !== undefined && body.name !== rule.name) await refuseDuplicateName(tx, { merchantId, name: body.name, exceptRuleId: id });
    const currentVersion = changed ? rule.currentVersion + 1 : rule.currentVersion;
    if (changed) {
      await tx.insert(riskRuleVersions).values({ ruleId: id, version: currentVersion, ...next, createdBy: actor, createdAt: now });
    }
    await tx
      .update(riskRules)
      .set({ name: body.name ?? rule.name, enabled: body.enabled ?? rule.enabled, currentVersion, updatedAt: now })
      .where(eq(riskRules.id, id));
  });
  return getCustomRuleOrThrow(db, { merchantId, ruleId: id });
}
