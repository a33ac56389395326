import { and, avg, count, countDistinct, eq, gte, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { payments, type PaymentMethod } from '@/db/schema';
import { toReferenceAmount, type ReferenceAmount } from '@/lib/fx/to-reference';
import { minorUnitExponent } from '@/lib/money/money';
import { ipCountry } from './ip-country';
import { getReferenceCurrency } from './settings';

/** What the risk engine knows about a payment at the moment it is assessed. */
export type RiskInput = {
  merchantId: string;
  amount: number; // minor units
  currency: string;
  method: PaymentMethod;
  customerId: string | null;
  email: string | null;
  ipAddress: string | null;
  fingerprint: string | null;
  cardCountry: string | null;
};

/**
 * The features rules and custom expressions see. Names are snake_case because merchants write
 * expressions over them (`amount > 5000 && method == "crypto"`). `amount` is in major units:
 * fine for comparisons, never used for money arithmetic.
 */
export type RiskFeatures = {
  amount: number;
  amount_minor: number;
  currency: string;
  /** The amount in the merchant's reference currency (major units), by the indicative rate. */
  amount_reference: number;
  reference_currency: string;
  method: PaymentMethod;
  customer_id: string;
  email: string;
  ip_address: string;
  ip_country: string;
  card_country: string;
  customer_payments_10m: number;
  customer_payments_24h: number;
  card_customers_24h: number;
  customer_failures_24h: number;
  card_failures_24h: number;
  customer_is_new: boolean;
  merchant_average_amount: number; // major units, same currency, successful payments of the last 30 days; 0 when unknown
};

/** The features, and how the amount was placed in the reference currency (for the factors' record). */
export type AssessedFeatures = RiskFeatures & { reference: ReferenceAmount };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Computes the features from the payments table as of `now` (only payments created before it,
 * so a backtest sees what the engine would have seen). Every query runs on an index of
 * (merchant, customer | fingerprint | created).
 */
export async function computeFeatures(db: Db, input: RiskInput, now: number): Promise<AssessedFeatures> {
  const scale = 10 ** minorUnitExponent(input.currency);
  const referenceCurrency = await getReferenceCurrency(db, input.merchantId);
  const reference = await toReferenceAmount(db, {
    merchantId: input.merchantId,
    amount: input.amount,
    currency: input.currency,
    reference: referenceCurrency,
  });
  const mine = eq(payments.merchantId, input.merchantId);
  const before = lt(payments.createdAt, now);
  // Our own risk blocks are not declines: counting them would let a block feed itself.
  const declined = and(eq(payments.status, 'failed'), ne(payments.failureCode, 'risk_blocked'));

  let customer10m = 0;
  let customer24h = 0;
  let customerFailures = 0;
  let customerEver = 0;
  if (input.customerId) {
    const byCustomer = and(mine, eq(payments.customerId, input.customerId), before);
    const [row] = await db
      .select({
        last10m: sql<number>`coalesce(sum(${payments.createdAt} >= ${now - 10 * MINUTE}), 0)`.mapWith(Number),
        last24h: count(),
      })
      .from(payments)
      .where(and(byCustomer, gte(payments.createdAt, now - DAY)));
    customer10m = row.last10m;
    customer24h = row.last24h;
    [{ n: customerFailures }] = await db
      .select({ n: count() })
      .from(payments)
      .where(and(byCustomer, gte(payments.createdAt, now - DAY), declined));
    [{ n: customerEver }] = await db.select({ n: count() }).from(payments).where(byCustomer);
  }

  let cardCustomers = 0;
  let cardFailures = 0;
  if (input.fingerprint) {
    const byCard = and(mine, eq(payments.fingerprint, input.fingerprint), before, gte(payments.createdAt, now - DAY));
    [{ n: cardCustomers }] = await db.select({ n: countDistinct(payments.customerId) }).from(payments).where(byCard);
    [{ n: cardFailures }] = await db.select({ n: count() }).from(payments).where(and(byCard, declined));
  }

  let merchantAverage = 0;
  if (input.customerId && customerEver === 0) {
    // Only a first payment needs the merchant's typical size; skip the wider scan otherwise.
    const [row] = await db
      .select({ average: avg(payments.amount).mapWith(Number), n: count() })
      .from(payments)
      .where(
        and(mine, before, gte(payments.createdAt, now - 30 * DAY), eq(payments.currency, input.currency), eq(payments.status, 'success')),
      );
    if (row.n >= 10) merchantAverage = row.average / scale;
  }

  return {
    amount: input.amount / scale,
    amount_minor: input.amount,
    currency: input.currency,
    amount_reference: reference.amount / 10 ** minorUnitExponent(reference.currency),
    reference_currency: reference.currency,
    method: input.method,
    customer_id: input.customerId ?? '',
    email: input.email ?? '',
    ip_address: input.ipAddress ?? '',
    ip_country: ipCountry(input.ipAddress) ?? '',
    card_country: input.cardCountry ?? '',
    customer_payments_10m: customer10m,
    customer_payments_24h: customer24h,
    card_customers_24h: cardCustomers,
    customer_failures_24h: customerFailures,
    card_failures_24h: cardFailures,
    customer_is_new: input.customerId !== null && customerEver === 0,
    merchant_average_amount: merchantAverage,
    reference,
  };
}

/** The risk input of a recorded payment, for backtests and re-assessment. */
export function riskInputOf(payment: typeof payments.$inferSelect): RiskInput {
  const country = payment.details.country;
  return {
    merchantId: payment.merchantId,
    amount: payment.amount,
    currency: payment.currency,
    method: payment.method,
    customerId: payment.customerId,
    email: payment.customerEmail,
    ipAddress: payment.ipAddress,
    fingerprint: payment.fingerprint,
    cardCountry: typeof country === 'string' ? country : null,
  };
}
