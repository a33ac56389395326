import { and, count, countDistinct, desc, eq, gte, lt, sql, type AnyColumn } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { countWhere, preparedQuery } from '@/db/sql';
import { payments, type PaymentMethod } from '@/db/schema';
import { toReferenceAmount, type ReferenceAmount } from '@/lib/fx/to-reference';
import { minorUnitExponent } from '@/lib/money/money';
import { paymentTotals } from '@/lib/rollups/payment-rollups';
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
/** How many of a customer's or card's newest payments in a window the features look at. */
export const RECENT_LIMIT = 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const mine = eq(payments.merchantId, sql.placeholder('merchantId'));
const before = lt(payments.createdAt, sql.placeholder('now'));
const byCustomer = and(mine, eq(payments.customerId, sql.placeholder('customerId')), before);
// A declined payment counts; our own risk blocks do not (a block would feed itself).
const declinedIn = (t: { status: AnyColumn; failureCode: AnyColumn }) => countWhere(sql`${t.status} = 'failed' AND ${t.failureCode} <> 'risk_blocked'`);

// Each window looks at its newest RECENT_LIMIT payments only: a card seen 100k times today
// costs one bounded index range, not a scan (its counts then read "RECENT_LIMIT or more").
const customerWindow = preparedQuery('risk_customer_window', (db) => {
  const recent = db
    .select({ createdAt: payments.createdAt, status: payments.status, failureCode: payments.failureCode })
    .from(payments)
    .where(and(byCustomer, gte(payments.createdAt, sql.placeholder('dayAgo'))))
    .orderBy(desc(payments.createdAt))
    .limit(RECENT_LIMIT)
    .as('recent_by_customer');
  return db
    .select({
      last10m: countWhere(sql`${recent.createdAt} >= ${sql.placeholder('tenMinutesAgo')}`),
      last24h: count(),
      failures: declinedIn(recent),
    })
    .from(recent);
});
const customerSeenBefore = preparedQuery('risk_customer_seen', (db) => db.select({ id: payments.id }).from(payments).where(byCustomer).limit(1));
const cardWindow = preparedQuery('risk_card_window', (db) => {
  const recent = db
    .select({ customerId: payments.customerId, status: payments.status, failureCode: payments.failureCode })
    .from(payments)
    .where(and(mine, eq(payments.fingerprint, sql.placeholder('fingerprint')), before, gte(payments.createdAt, sql.placeholder('dayAgo'))))
    .orderBy(desc(payments.createdAt))
    .limit(RECENT_LIMIT)
    .as('recent_by_card');
  return db.select({ customers: countDistinct(recent.customerId), failures: declinedIn(recent) }).from(recent);
});

/**
 * Computes the features from the payments table as of `now` (only payments created before it,
 * so a backtest sees what the engine would have seen). Every query runs on an index of
 * (merchant, customer | fingerprint | created). `referenceCurrency`: the merchant's, when the
 * caller has read its risk settings already.
 */
export async function computeFeatures(db: Db, input: RiskInput, now: number, referenceCurrency?: string): Promise<AssessedFeatures> {
  const scale = 10 ** minorUnitExponent(input.currency);
  referenceCurrency ??= await getReferenceCurrency(db, input.merchantId);
  const reference = await toReferenceAmount(db, {
    merchantId: input.merchantId,
    amount: input.amount,
    currency: input.currency,
    reference: referenceCurrency,
  });
  const window = { merchantId: input.merchantId, now, dayAgo: now - DAY };

  let customer10m = 0;
  let customer24h = 0;
  let customerFailures = 0;
  let customerIsNew = false;
  if (input.customerId) {
    const customer = { ...window, customerId: input.customerId };
    const [row] = await customerWindow(db, { ...customer, tenMinutesAgo: now - 10 * MINUTE });
    customer10m = row.last10m;
    customer24h = row.last24h;
    customerFailures = row.failures;
    customerIsNew = (await customerSeenBefore(db, customer)).length === 0;
  }

  let cardCustomers = 0;
  let cardFailures = 0;
  if (input.fingerprint) {
    const [row] = await cardWindow(db, { ...window, fingerprint: input.fingerprint });
    cardCustomers = row.customers;
    cardFailures = row.failures;
  }

  let merchantAverage = 0;
  if (customerIsNew) {
    // Only a first payment needs the merchant's typical size; skip the wider scan otherwise.
    const totals = await paymentTotals(db, { merchantId: input.merchantId, from: now - 30 * DAY, to: now, currency: input.currency, statuses: ['success'] });
    const n = totals.reduce((sum, t) => sum + t.count, 0);
    if (n >= 10) merchantAverage = totals.reduce((sum, t) => sum + t.amount, 0) / n / scale;
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
    customer_is_new: customerIsNew,
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
