import { z } from 'zod';
import { riskRuleActions } from '@/db/schema';
import { livemode, timestamp } from '@/lib/api-objects';
import type { CustomRuleDetail } from './queries';

const ruleContent = {
  expression: z.string().describe('A CEL expression over the payment and its velocity features.'),
  action: z.enum(riskRuleActions),
  score: z.number(),
};

export const customRuleObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('risk_rule'),
    name: z.string(),
    ...ruleContent,
    enabled: z.boolean(),
    version: z.number().int(),
    versions: z.array(z.strictObject({ version: z.number().int(), ...ruleContent, created: timestamp, created_by: z.string() })).optional(),
    created: timestamp,
    updated: timestamp,
    livemode,
  })
  .meta({
    id: 'RiskRule',
    description: "A merchant's own risk rule; every change is a new version (`versions` on the single-rule answer).",
    examples: [
      { id: 'rule_01JDX7D0E1F2G3H4', object: 'risk_rule', name: 'Big first orders', expression: 'payment.amount > 1000 && customer.previous_payments == 0', action: 'review', score: 0, enabled: true, version: 1, created: '2026-11-30T12:00:00.000Z', updated: '2026-11-30T12:00:00.000Z', livemode: false },
    ],
  });

const iso = (ms: number) => new Date(ms).toISOString();

/** A rule as the API shows it: its current version's content, and every version where loaded. */
export function serializeCustomRule({ rule, version, versions }: CustomRuleDetail): SerializedCustomRule {
  return {
    id: rule.id,
    object: 'risk_rule' as const,
    name: rule.name,
    expression: version.expression,
    action: version.action,
    score: version.score,
    enabled: rule.enabled,
    version: version.version,
    ...(versions && {
      versions: versions.map((v) => ({
        version: v.version,
        expression: v.expression,
        action: v.action,
        score: v.score,
        created: iso(v.createdAt),
        created_by: v.createdBy,
      })),
    }),
    created: iso(rule.createdAt),
    updated: iso(rule.updatedAt),
    livemode: false,
  };
}

export type SerializedCustomRule = z.infer<typeof customRuleObject>;
