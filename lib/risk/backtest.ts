import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { paymentStatuses, payments, riskRuleActions, type PaymentStatus } from '@/db/schema';
import { parseOrThrow } from '@/lib/validation';
import { celContextOf, compileExpression } from './custom-rules/compile-expression';
import { computeFeatures, riskInputOf } from './features';

export const backtestRuleBody = z.strictObject({
  expression: z.string(),
  action: z.enum(riskRuleActions).optional(),
  score: z.number().min(0).max(1).optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});
export type BacktestRuleInput = z.input<typeof backtestRuleBody>;

export const riskRuleBacktestObject = z
  .strictObject({
    object: z.literal('risk_rule_backtest'),
    expression: z.string(),
    action: z.enum(riskRuleActions),
    score: z.number(),
    evaluated: z.number().int().describe('How many recent payments the draft ran against.'),
    matched: z.number().int(),
    match_rate: z.number(),
    matched_by_status: z.record(z.enum(paymentStatuses), z.number().int()),
    examples: z.array(z.string()).describe('Ids of up to 10 matching payments.'),
    errors: z.number().int().describe('Payments the expression failed to evaluate on.'),
  })
  .meta({ id: 'RiskRuleBacktest', description: 'What a draft rule would have matched among recent payments. Nothing is written.' });
export type RiskRuleBacktest = z.infer<typeof riskRuleBacktestObject>;

const MAX_EXAMPLES = 10;
// Feature queries are synchronous SQLite calls: hand the event loop back to other requests
// every so many payments, so a 5,000-payment backtest does not stall the server.
const YIELD_EVERY = 100;

/**
 * Runs a draft rule against the merchant's last `limit` payments, newest first, each with its
 * features recomputed as of its own creation time: what the rule would have flagged had it
 * been live. Nothing is written.
 */
export async function backtestRule(
  db: Db,
  merchantId: string,
  draft: Omit<BacktestRuleInput, 'limit'>,
  options: { limit?: number } = {},
): Promise<RiskRuleBacktest> {
  const { expression, action = 'score', score } = parseOrThrow(backtestRuleBody, { ...draft, limit: options.limit });
  const limit = options.limit ?? 500;
  // The action and score do not change what matches; they are echoed for the analyst's view.
  const program = compileExpression(expression);

  const recent = await db
    .select()
    .from(payments)
    .where(eq(payments.merchantId, merchantId))
    .orderBy(desc(payments.createdAt), desc(payments.id))
    .limit(limit);

  const matchedByStatus = Object.fromEntries(paymentStatuses.map((s) => [s, 0])) as Record<PaymentStatus, number>;
  const examples: string[] = [];
  let matched = 0;
  let errors = 0;
  for (const [i, payment] of recent.entries()) {
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    const features = await computeFeatures(db, riskInputOf(payment), payment.createdAt);
    let hit: boolean;
    try {
      hit = program(celContextOf(features));
    } catch {
      errors++;
      continue;
    }
    if (!hit) continue;
    matched++;
    matchedByStatus[payment.status]++;
    if (examples.length < MAX_EXAMPLES) examples.push(payment.id);
  }

  return {
    object: 'risk_rule_backtest',
    expression,
    action,
    score: score ?? 0,
    evaluated: recent.length,
    matched,
    match_rate: recent.length === 0 ? 0 : Math.round((matched / recent.length) * 10_000) / 10_000,
    matched_by_status: matchedByStatus,
    examples,
    errors,
  };
}
