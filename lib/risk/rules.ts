import type { RiskFactor } from '@/db/schema';
import { serializeReferenceAmount } from '@/lib/fx/to-reference';
import { formatDisplay, formatWholeUnits, minorUnitExponent } from '@/lib/money/money';
import type { AssessedFeatures } from './features';
import { log } from '@/lib/log';

/** A built-in rule: a pure function of the features, returning a factor when it fires. */
export type BuiltInRule = { name: string; evaluate: (f: AssessedFeatures) => Omit<RiskFactor, 'rule'> | null };

/**
 * Major units of the merchant's reference currency (USD unless set): a payment in another
 * currency is placed against it by the indicative rate, so ¥56,220 (~$377) is not large.
 */
export const LARGE_AMOUNT = 10_000;

function largeAmount(f: AssessedFeatures): Omit<RiskFactor, 'rule'> | null {
  const { reference } = f;
  const threshold = LARGE_AMOUNT * 10 ** minorUnitExponent(reference.currency);
  if (reference.amount <= threshold) return null;
  const paid = formatDisplay(f.amount_minor, f.currency);
  const limit = formatWholeUnits(threshold, reference.currency);
  const placed =
    reference.from === reference.currency
      ? paid
      : reference.rate === null
        ? `${paid} (no ${reference.from}→${reference.currency} rate: compared as it is)`
        : `${paid} (~${formatWholeUnits(reference.amount, reference.currency)} at ${reference.rate})`;
  return { score: 0.3, reason: `Amount ${placed} is above ${limit}`, fx: serializeReferenceAmount(reference) };
}

export const builtInRules: readonly BuiltInRule[] = [
  { name: 'large_amount', evaluate: largeAmount },
  {
    name: 'customer_velocity_10m',
    evaluate: (f) =>
      f.customer_payments_10m > 0
        ? {
            score: Math.min(1, round2(f.customer_payments_10m * 0.04)),
            reason: `${f.customer_payments_10m} earlier payments by this customer in the last 10 minutes`,
          }
        : null,
  },
  {
    name: 'customer_velocity_24h',
    evaluate: (f) =>
      f.customer_payments_24h > 20
        ? { score: 0.1, reason: `${f.customer_payments_24h} payments by this customer in the last 24 hours` }
        : null,
  },
  {
    name: 'shared_card',
    evaluate: (f) =>
      f.card_customers_24h >= 3
        ? {
            score: f.card_customers_24h >= 5 ? 0.5 : 0.25,
            reason: `This card was used by ${f.card_customers_24h} different customers in the last 24 hours`,
          }
        : null,
  },
  {
    name: 'failure_streak',
    evaluate: (f) => {
      const failures = Math.max(f.customer_failures_24h, f.card_failures_24h);
      if (failures < 3) return null;
      const who = f.customer_failures_24h >= f.card_failures_24h ? 'this customer' : 'this card';
      return { score: failures >= 5 ? 0.5 : 0.3, reason: `${failures} declined payments for ${who} in the last 24 hours` };
    },
  },
  {
    name: 'new_customer_large_first_payment',
    evaluate: (f) => {
      if (!f.customer_is_new || f.merchant_average_amount === 0) return null;
      const ratio = f.amount / f.merchant_average_amount;
      if (ratio < 5) return null;
      return {
        score: ratio >= 10 ? 0.4 : 0.25,
        reason: `First payment by a new customer is ${Math.floor(ratio)}× the average ${f.currency} payment`,
      };
    },
  },
  {
    name: 'ip_country_mismatch',
    evaluate: (f) =>
      f.ip_country && f.card_country && f.ip_country !== f.card_country
        ? { score: 0.2, reason: `Client IP is in ${f.ip_country} but the card was issued in ${f.card_country}` }
        : null,
  },
];

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Runs every rule; a rule that throws is recorded as `rule_error` with score 0, not swallowed. */
export function runBuiltInRules(features: AssessedFeatures, rules: readonly BuiltInRule[] = builtInRules): RiskFactor[] {
  const factors: RiskFactor[] = [];
  for (const rule of rules) {
    try {
      const result = rule.evaluate(features);
      if (result) factors.push({ rule: rule.name, ...result });
    } catch (error) {
      log.error({ rule: rule.name, err: error }, 'risk rule failed');
      factors.push({ rule: rule.name, score: 0, reason: 'rule_error' });
    }
  }
  return factors;
}
