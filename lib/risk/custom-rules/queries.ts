import { and, asc, desc, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { riskRules, riskRuleVersions } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';

export type RiskRule = typeof riskRules.$inferSelect;
export type RiskRuleVersion = typeof riskRuleVersions.$inferSelect;
/** A rule with its current version and, where loaded, every version oldest first. */
export type CustomRuleDetail = { rule: RiskRule; version: RiskRuleVersion; versions?: RiskRuleVersion[] };

/** Refuses a name another live rule of the merchant has (`exceptRuleId`: the rule being renamed). */
export async function refuseDuplicateName(tx: Db, { merchantId, name, exceptRuleId }: { merchantId: string; name: string; exceptRuleId?: string }): Promise<void> {
  const [taken] = await tx
    .select({ id: riskRules.id })
    .from(riskRules)
    .where(
      and(
        eq(riskRules.merchantId, merchantId),
        isNull(riskRules.deletedAt),
        eq(riskRules.name, name),
        exceptRuleId ? ne(riskRules.id, exceptRuleId) : undefined,
      ),
    );
  // Factors name rules as `custom:<name>`, so two live rules with one name would be indistinguishable.
  if (taken) throw new DomainError('parameter_invalid', `A risk rule named "${name}" already exists.`, { param: 'name' });
}

/** The rule row alone, live and the merchant's, or a 404. */
export async function liveRuleOrThrow(db: Db, { merchantId, ruleId }: { merchantId: string; ruleId: string }): Promise<RiskRule> {
  const [rule] = await db
    .select()
    .from(riskRules)
    .where(and(eq(riskRules.id, ruleId), eq(riskRules.merchantId, merchantId), isNull(riskRules.deletedAt)));
  if (!rule) throw notFound('risk_rule', ruleId);
  return rule;
}

/** A live rule of this merchant with every version; deleted or another merchant's rules are 404. */
export async function getCustomRuleOrThrow(db: Db, { merchantId, ruleId }: { merchantId: string; ruleId: string }): Promise<Required<CustomRuleDetail>> {
  const rule = await liveRuleOrThrow(db, { merchantId, ruleId });
  const versions = await db.select().from(riskRuleVersions).where(eq(riskRuleVersions.ruleId, ruleId)).orderBy(asc(riskRuleVersions.version));
  const version = versions.find((v) => v.version === rule.currentVersion)!;
  return { rule, version, versions };
}

/** The merchant's live rules with their current version, newest first. */
export async function listCustomRules(db: Db, { merchantId }: { merchantId: string }): Promise<CustomRuleDetail[]> {
  return db
    .select({ rule: riskRules, version: riskRuleVersions })
    .from(riskRules)
    .innerJoin(riskRuleVersions, and(eq(riskRuleVersions.ruleId, riskRules.id), eq(riskRuleVersions.version, riskRules.currentVersion)))
    .where(and(eq(riskRules.merchantId, merchantId), isNull(riskRules.deletedAt)))
    .orderBy(desc(riskRules.id));
}
