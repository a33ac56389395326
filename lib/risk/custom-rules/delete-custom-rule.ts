import { eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { riskRules } from '@/db/schema';
import { liveRuleOrThrow } from './queries';

/** Soft delete: versions stay, so past payments' factors still resolve to a rule. */
export async function deleteCustomRule(db: Db, { merchantId, ruleId, now = Date.now() }: { merchantId: string; ruleId: string; now?: number }) {
  await transaction(db, async (tx) => {
    await liveRuleOrThrow(tx, { merchantId, ruleId });
    await tx.update(riskRules).set({ deletedAt: now, updatedAt: now }).where(eq(riskRules.id, ruleId));
  });
  return { id: ruleId, object: 'risk_rule' as const, deleted: true as const };
}
