import type { Db } from '@/db/client';
import type { RiskFactor } from '@/db/schema';
import { evaluateCustomRules } from './custom-rules/evaluate-custom-rules';
import { computeFeatures, type RiskInput } from './features';
import { matchLists } from './lists';
import { runBuiltInRules } from './rules';
import { getRiskSettings, type RiskThresholds } from './settings';

export type { RiskInput };

export type RiskAssessment = {
  score: number;
  level: 'normal' | 'elevated' | 'high';
  recommendation: 'approve' | 'review' | 'block';
  factors: RiskFactor[];
};

const ELEVATED_FROM = 0.4;

/**
 * Scores a payment before any processor sees it, from the merchant's real history: built-in
 * rules, the merchant's block and allow lists, and its custom rules. Runs inside the
 * transaction that records the payment, so concurrent payments see each other. `settings`: the
 * merchant's, when the caller has read them already.
 */
export async function assessPayment(db: Db, input: RiskInput, now = Date.now(), settings?: RiskThresholds): Promise<RiskAssessment> {
  settings ??= await getRiskSettings(db, input.merchantId);
  const [features, lists] = await Promise.all([
    computeFeatures(db, input, now, settings.referenceCurrency),
    matchLists(db, input.merchantId, {
      customer_id: input.customerId,
      card_fingerprint: input.fingerprint,
      email: input.email,
      ip_address: input.ipAddress,
    }),
  ]);
  const custom = await evaluateCustomRules(db, { merchantId: input.merchantId, features });
  const factors = [...runBuiltInRules(features), ...custom.factors];
  if (lists.blocked) {
    factors.push({ rule: 'block_list', score: 1, reason: `${lists.blocked.kind} '${lists.blocked.value}' is on the block list` });
  }
  if (lists.allowed) {
    factors.push({ rule: 'allow_list', score: 0, reason: `${lists.allowed.kind} '${lists.allowed.value}' is on the allow list: no review` });
  }

  const total = factors.reduce((sum, f) => sum + f.score, 0);
  const score = Math.min(1, Math.max(0, Math.round(total * 100) / 100));
  let recommendation: RiskAssessment['recommendation'] =
    score > settings.blockThreshold ? 'block' : score >= settings.reviewThreshold ? 'review' : 'approve';
  if (custom.action === 'review' && recommendation === 'approve') recommendation = 'review';
  if (lists.allowed && recommendation === 'review') recommendation = 'approve';
  if (custom.action === 'block' || lists.blocked) recommendation = 'block';

  return {
    score,
    level: score < ELEVATED_FROM ? 'normal' : score < settings.reviewThreshold ? 'elevated' : 'high',
    recommendation,
    factors,
  };
}
