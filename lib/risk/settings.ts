import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { riskSettings } from '@/db/schema';
import { DomainError } from '@/lib/errors';

export const DEFAULT_RISK_SETTINGS = { reviewThreshold: 0.7, blockThreshold: 0.8 };

export type RiskThresholds = typeof DEFAULT_RISK_SETTINGS;

export async function getRiskSettings(db: Db, merchantId: string): Promise<RiskThresholds> {
  const [row] = await db.select().from(riskSettings).where(eq(riskSettings.merchantId, merchantId));
  return row ? { reviewThreshold: row.reviewThreshold, blockThreshold: row.blockThreshold } : DEFAULT_RISK_SETTINGS;
}

export const riskSettingsBody = z.strictObject({
  review_threshold: z.number().min(0).max(1).optional(),
  block_threshold: z.number().min(0).max(1).optional(),
});

export async function updateRiskSettings(db: Db, merchantId: string, body: z.infer<typeof riskSettingsBody>, now = Date.now()) {
  return transaction(db, async (tx) => {
    const current = await getRiskSettings(tx, merchantId);
    const next = {
      reviewThreshold: body.review_threshold ?? current.reviewThreshold,
      blockThreshold: body.block_threshold ?? current.blockThreshold,
    };
    if (next.blockThreshold < next.reviewThreshold) {
      throw new DomainError('parameter_invalid', 'block_threshold must not be below review_threshold.', { param: 'block_threshold' });
    }
    await tx
      .insert(riskSettings)
      .values({ merchantId, ...next, updatedAt: now })
      .onConflictDoUpdate({ target: riskSettings.merchantId, set: { ...next, updatedAt: now } });
    return next;
  });
}

export const riskSettingsObject = z
  .strictObject({
    object: z.literal('risk_settings'),
    review_threshold: z.number().describe('Scores at or above this are held for manual review.'),
    block_threshold: z.number().describe('Scores at or above this are blocked.'),
  })
  .meta({ id: 'RiskSettings', examples: [{ object: 'risk_settings', review_threshold: 0.5, block_threshold: 0.8 }] });

export function serializeRiskSettings(settings: RiskThresholds): z.infer<typeof riskSettingsObject> {
  return {
    object: 'risk_settings' as const,
    review_threshold: settings.reviewThreshold,
    block_threshold: settings.blockThreshold,
  };
}
