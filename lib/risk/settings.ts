import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { currencyCode } from '@/lib/api-objects';
import { transaction, type Db } from '@/db/client';
import { preparedQuery } from '@/db/sql';
import { riskSettings } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { normalizeCurrency } from '@/lib/money/money';

export type RiskThresholds = { reviewThreshold: number; blockThreshold: number; referenceCurrency: string };

export const DEFAULT_RISK_SETTINGS: RiskThresholds = { reviewThreshold: 0.7, blockThreshold: 0.8, referenceCurrency: 'USD' };

const riskSettingsOf = preparedQuery('risk_settings', (db) => db.select().from(riskSettings).where(eq(riskSettings.merchantId, sql.placeholder('merchantId'))));

export async function getRiskSettings(db: Db, merchantId: string): Promise<RiskThresholds> {
  const [row] = await riskSettingsOf(db, { merchantId });
  return row ? { reviewThreshold: row.reviewThreshold, blockThreshold: row.blockThreshold, referenceCurrency: row.referenceCurrency } : DEFAULT_RISK_SETTINGS;
}

/** The currency the merchant's amount thresholds are kept in (USD unless set). */
export async function getReferenceCurrency(db: Db, merchantId: string): Promise<string> {
  return (await getRiskSettings(db, merchantId)).referenceCurrency;
}

export const riskSettingsBody = z.strictObject({
  review_threshold: z.number().min(0).max(1).optional(),
  block_threshold: z.number().min(0).max(1).optional(),
  reference_currency: z.string().optional(),
});

export async function updateRiskSettings(db: Db, merchantId: string, body: z.infer<typeof riskSettingsBody>, now = Date.now()) {
  return transaction(db, async (tx) => {
    const current = await getRiskSettings(tx, merchantId);
    const next = {
      reviewThreshold: body.review_threshold ?? current.reviewThreshold,
      blockThreshold: body.block_threshold ?? current.blockThreshold,
      referenceCurrency: body.reference_currency === undefined ? current.referenceCurrency : normalizeCurrency(body.reference_currency, 'reference_currency'),
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
    reference_currency: currencyCode.describe('The currency amount thresholds are kept in; other currencies convert at indicative rates.'),
  })
  .meta({ id: 'RiskSettings', examples: [{ object: 'risk_settings', review_threshold: 0.5, block_threshold: 0.8, reference_currency: 'USD' }] });

export function serializeRiskSettings(settings: RiskThresholds): z.infer<typeof riskSettingsObject> {
  return {
    object: 'risk_settings' as const,
    review_threshold: settings.reviewThreshold,
    block_threshold: settings.blockThreshold,
    reference_currency: settings.referenceCurrency,
  };
}
