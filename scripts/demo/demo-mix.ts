import { count, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { payments, reviews } from '@/db/schema';

/** How a merchant's recent traffic looks to the risk engine: what the demo seed is tuned by. */
export type DemoMix = {
  /** How many of the newest payments were looked at (at most `last`). */
  payments: number;
  /** Of those: how many carry a `shared_card` factor, and how many are elevated or high. */
  sharedCard: number;
  elevatedOrHigh: number;
  /** Over the whole history: payments each built-in rule fired on. */
  byRule: Record<string, number>;
  reviews: Record<string, number>;
};

export async function demoMix(db: Db, merchantId: string, last = 100): Promise<DemoMix> {
  const all = await db
    .select({ level: payments.riskLevel, factors: payments.riskFactors })
    .from(payments)
    .where(eq(payments.merchantId, merchantId))
    .orderBy(desc(payments.createdAt), desc(payments.id));
  const recent = all.slice(0, last);
  const byRule: Record<string, number> = {};
  for (const { factors } of all) for (const rule of new Set(factors.map((f) => f.rule))) byRule[rule] = (byRule[rule] ?? 0) + 1;
  const decided = await db
    .select({ status: reviews.status, n: count() })
    .from(reviews)
    .where(eq(reviews.merchantId, merchantId))
    .groupBy(reviews.status);
  return {
    payments: recent.length,
    sharedCard: recent.filter((p) => p.factors.some((f) => f.rule === 'shared_card')).length,
    elevatedOrHigh: recent.filter((p) => p.level !== 'normal').length,
    byRule,
    reviews: Object.fromEntries(decided.map((r) => [r.status, r.n])),
  };
}
