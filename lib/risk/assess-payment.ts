import { and, count, eq, gte } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { payments, type RiskFactor } from '@/db/schema';
import { minorUnitExponent } from '@/lib/money/money';

export type RiskInput = {
  merchantId: string;
  amount: number; // minor units
  currency: string;
  customerId: string | null;
};

export type RiskAssessment = {
  score: number;
  level: 'normal' | 'elevated' | 'high';
  recommendation: 'approve' | 'review' | 'block';
  factors: RiskFactor[];
};

export const REVIEW_THRESHOLD = 0.7;
export const BLOCK_THRESHOLD = 0.8;
// In the payment's own currency (no FX conversion): 10,000 USD and 10,000 JPY both trip it.
const LARGE_AMOUNT_MAJOR_UNITS = 10_000;
const VELOCITY_WINDOW_MS = 10 * 60 * 1000;
const VELOCITY_SCORE_PER_PAYMENT = 0.04;

type Rule = (db: Db, input: RiskInput, now: number) => Promise<RiskFactor | null>;

const largeAmount: Rule = async (_db, input) => {
  const threshold = LARGE_AMOUNT_MAJOR_UNITS * 10 ** minorUnitExponent(input.currency);
  if (input.amount <= threshold) return null;
  return { rule: 'large_amount', score: 0.3, reason: `Amount is above ${LARGE_AMOUNT_MAJOR_UNITS} ${input.currency}` };
};

const customerVelocity: Rule = async (db, input, now) => {
  if (!input.customerId) return null;
  const [{ n }] = await db
    .select({ n: count() })
    .from(payments)
    .where(
      and(
        eq(payments.merchantId, input.merchantId),
        eq(payments.customerId, input.customerId),
        gte(payments.createdAt, now - VELOCITY_WINDOW_MS),
      ),
    );
  if (n === 0) return null;
  const score = Math.min(1, Math.round(n * VELOCITY_SCORE_PER_PAYMENT * 100) / 100);
  return { rule: 'customer_velocity', score, reason: `${n} payments from this customer in the last 10 minutes` };
};

const rules: Rule[] = [largeAmount, customerVelocity];

/**
 * The baseline risk hook the gateway calls before any processor. The full engine (issue 4)
 * replaces the rule list; the shape of the assessment stays.
 */
export async function assessPayment(db: Db, input: RiskInput, now = Date.now()): Promise<RiskAssessment> {
  const factors: RiskFactor[] = [];
  for (const rule of rules) {
    const factor = await rule(db, input, now);
    if (factor) factors.push(factor);
  }
  const total = factors.reduce((sum, f) => sum + f.score, 0);
  const score = Math.min(1, Math.max(0, Math.round(total * 100) / 100));
  return {
    score,
    level: score < 0.4 ? 'normal' : score < REVIEW_THRESHOLD ? 'elevated' : 'high',
    recommendation: score > BLOCK_THRESHOLD ? 'block' : score >= REVIEW_THRESHOLD ? 'review' : 'approve',
    factors,
  };
}
