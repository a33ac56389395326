import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { preparedQuery } from '@/db/sql';
import { alertRules, type AlertType } from '@/db/schema';


export type AlertRule = { type: AlertType; enabled: boolean; threshold: number; windowMinutes: number; minAttempts: number };

/**
 * The defaults every merchant starts with. The `large_transaction` threshold is in the
 * merchant's reference currency (risk settings, USD unless set).
 */
export const defaultAlertRules: Record<AlertType, AlertRule> = {
  // failures / attempts over the window, with at least `minAttempts` attempts
  high_failure_rate: { type: 'high_failure_rate', enabled: true, threshold: 0.1, windowMinutes: 15, minAttempts: 20 },
  // one payment above `threshold` major units of the reference currency
  large_transaction: { type: 'large_transaction', enabled: true, threshold: 50_000, windowMinutes: 0, minAttempts: 0 },
  // `threshold` open reviews, or one waiting longer than the window
  review_backlog: { type: 'review_backlog', enabled: true, threshold: 10, windowMinutes: 240, minAttempts: 0 },
  // failed / all webhook attempts over the window at or above `threshold`, with at least
  // `minAttempts` attempts (an auto-disabled endpoint raises its own alert, see lib/webhooks)
  webhook_failures: { type: 'webhook_failures', enabled: true, threshold: 0.5, windowMinutes: 60, minAttempts: 5 },
};
export type EvaluatedAlertType = keyof typeof defaultAlertRules;
export const evaluatedAlertTypes = Object.keys(defaultAlertRules) as EvaluatedAlertType[];

const alertRuleOf = preparedQuery('alert_rule', (db) =>
  db.select().from(alertRules).where(and(eq(alertRules.merchantId, sql.placeholder('merchantId')), eq(alertRules.type, sql.placeholder('type')))),
);

export async function getAlertRule(db: Db, merchantId: string, type: EvaluatedAlertType): Promise<AlertRule> {
  const [row] = await alertRuleOf(db, { merchantId, type });
  return row ? { type, enabled: row.enabled, threshold: row.threshold, windowMinutes: row.windowMinutes, minAttempts: row.minAttempts } : defaultAlertRules[type];
}

export async function listAlertRules(db: Db, merchantId: string): Promise<AlertRule[]> {
  return Promise.all(evaluatedAlertTypes.map((type) => getAlertRule(db, merchantId, type)));
}

export const alertRuleParams = z.object({ type: z.enum(evaluatedAlertTypes as [EvaluatedAlertType, ...EvaluatedAlertType[]]) });

export const updateAlertRuleBody = z.strictObject({
  enabled: z.boolean().optional(),
  threshold: z.number().positive().optional(),
  window_minutes: z.number().int().min(1).max(24 * 60).optional(),
  min_attempts: z.number().int().min(1).max(100_000).optional(),
});

export async function updateAlertRule(db: Db, merchantId: string, type: EvaluatedAlertType, body: z.infer<typeof updateAlertRuleBody>, now = Date.now()) {
  return transaction(db, async (tx) => {
    const current = await getAlertRule(tx, merchantId, type);
    const next: AlertRule = {
      type,
      enabled: body.enabled ?? current.enabled,
      threshold: body.threshold ?? current.threshold,
      windowMinutes: body.window_minutes ?? current.windowMinutes,
      minAttempts: body.min_attempts ?? current.minAttempts,
    };
    const values = { enabled: next.enabled, threshold: next.threshold, windowMinutes: next.windowMinutes, minAttempts: next.minAttempts, updatedAt: now };
    await tx
      .insert(alertRules)
      .values({ merchantId, type, ...values })
      .onConflictDoUpdate({ target: [alertRules.merchantId, alertRules.type], set: values });
    return next;
  });
}

export const alertRuleObject = z
  .strictObject({
    object: z.literal('alert_rule'),
    type: z.enum(evaluatedAlertTypes as [EvaluatedAlertType, ...EvaluatedAlertType[]]),
    enabled: z.boolean(),
    threshold: z.number(),
    window_minutes: z.number().int(),
    min_attempts: z.number().int(),
  })
  .meta({
    id: 'AlertRule',
    description: 'When an alert of one type opens.',
    examples: [{ object: 'alert_rule', type: 'high_failure_rate', enabled: true, threshold: 0.1, window_minutes: 15, min_attempts: 20 }],
  });

export function serializeAlertRule(rule: AlertRule): z.infer<typeof alertRuleObject> {
  return {
    object: 'alert_rule' as const,
    type: rule.type,
    enabled: rule.enabled,
    threshold: rule.threshold,
    window_minutes: rule.windowMinutes,
    min_attempts: rule.minAttempts,
  };
}
