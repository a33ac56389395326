import { z } from 'zod';
import { riskRuleActions } from '@/db/schema';
import { DomainError } from '@/lib/errors';

const ruleName = z.string().trim().min(1).max(100);
const ruleScore = z.number().min(0).max(1);

export const createCustomRuleBody = z.strictObject({
  name: ruleName,
  expression: z.string(),
  action: z.enum(riskRuleActions),
  score: ruleScore.optional(),
  enabled: z.boolean().optional(),
});
export type CreateCustomRuleInput = z.input<typeof createCustomRuleBody>;

export const updateCustomRuleBody = z.strictObject({
  name: ruleName.optional(),
  expression: z.string().optional(),
  action: z.enum(riskRuleActions).optional(),
  score: ruleScore.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateCustomRuleInput = z.input<typeof updateCustomRuleBody>;

/**
 * A `score` rule without a score: a rule across fields that the bodies cannot state, and a
 * `parameter_missing` (not the `parameter_invalid` a zod refinement would give).
 */
export const scoreMissing = () =>
  new DomainError('parameter_missing', 'Missing required parameter: score (a `score` rule adds a score between 0 and 1).', {
    param: 'score',
  });
