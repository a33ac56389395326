import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { preparedQuery } from '@/db/sql';
import { riskRules, riskRuleVersions, type RiskFactor, type RiskRuleAction } from '@/db/schema';
import { log } from '@/lib/log';
import type { RiskFeatures } from '../features';
import { celContextOf, compileExpression, type RuleProgram } from './compile-expression';

// Versions are immutable, so a compiled program stays valid for its (rule, version) forever.
const programs = new Map<string, RuleProgram>();
const MAX_CACHED_PROGRAMS = 10_000;

function programFor(ruleId: string, version: number, expression: string): RuleProgram {
  const key = `${ruleId}@${version}`;
  let program = programs.get(key);
  if (!program) {
    program = compileExpression(expression);
    if (programs.size >= MAX_CACHED_PROGRAMS) programs.delete(programs.keys().next().value!);
    programs.set(key, program);
  }
  return program;
}

// The hot path's one query, prepared once per connection: enabled, live rules joined to their
// current version (risk_rules_merchant_idx, then the versions' unique (rule_id, version)).
const activeRules = preparedQuery('active_risk_rules', (db) =>
  db
    .select({
      ruleId: riskRules.id,
      name: riskRules.name,
      version: riskRuleVersions.version,
      expression: riskRuleVersions.expression,
      action: riskRuleVersions.action,
      score: riskRuleVersions.score,
    })
    .from(riskRules)
    .innerJoin(riskRuleVersions, and(eq(riskRuleVersions.ruleId, riskRules.id), eq(riskRuleVersions.version, riskRules.currentVersion)))
    .where(and(eq(riskRules.merchantId, sql.placeholder('merchantId')), isNull(riskRules.deletedAt), eq(riskRules.enabled, true)))
    .orderBy(asc(riskRules.id)),
);

export type CustomRulesResult = { factors: RiskFactor[]; action: 'review' | 'block' | null };

/**
 * Runs the merchant's enabled custom rules over the features. A matching `score` rule adds its
 * score; `review`/`block` rules also set the action (block wins). A rule that fails to compile
 * or evaluate is logged and recorded as a `rule_error` factor: the payment still gets an answer.
 */
export async function evaluateCustomRules(db: Db, { merchantId, features }: { merchantId: string; features: RiskFeatures }): Promise<CustomRulesResult> {
  const rules = await activeRules(db, { merchantId });
  const factors: RiskFactor[] = [];
  let action: CustomRulesResult['action'] = null;
  if (rules.length === 0) return { factors, action };

  const context = celContextOf(features);
  for (const rule of rules) {
    let matched: boolean;
    try {
      matched = programFor(rule.ruleId, rule.version, rule.expression)(context);
    } catch (error) {
      log.error(
        { merchant_id: merchantId, rule_id: rule.ruleId, version: rule.version, err: error },
        'risk rule failed',
      );
      factors.push({ rule: `custom:${rule.name}`, score: 0, reason: 'rule_error' });
      continue;
    }
    if (!matched) continue;
    factors.push({ rule: `custom:${rule.name}`, score: rule.score, reason: matchReason(rule.name, rule.version, rule.expression, rule.action) });
    if (rule.action === 'block') action = 'block';
    else if (rule.action === 'review' && action === null) action = 'review';
  }
  return { factors, action };
}

function matchReason(name: string, version: number, expression: string, action: RiskRuleAction): string {
  const base = `Custom rule "${name}" v${version} matched: ${expression}`;
  return action === 'score' ? base : `${base} (action: ${action})`;
}
