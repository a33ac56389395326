import { and, asc, eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { payments, reviews, type PaymentMethod } from '@/db/schema';
import { formatAmount, minorUnitExponent } from '@/lib/money/money';
import { cancelPayment } from '@/lib/payments/cancel-payment';
import { capturePayment } from '@/lib/payments/capture-payment';
import { createPayment } from '@/lib/payments/create-payment';
import { getPaymentOrThrow, type Payment } from '@/lib/payments/payment-store';
import { settleSimulatedChargeNow } from '@/lib/payments/processors';
import { walletNames } from '@/lib/payments/processors/digital-wallet';
import { testInputs, type TestInput } from '@/lib/payments/processors/test-inputs';
import { refundPayment } from '@/lib/payments/refund-payment';
import { advancePayment } from '@/lib/payments/settle-in-flight';
import { approveReview, rejectReview } from '@/lib/review-queue/decide-review';
import { releaseAvailableFunds } from '@/lib/settlement/balance-transactions';
import { progressPayouts, runSettlement } from '@/lib/settlement/payouts';

/**
 * Demo history: weeks of realistic payments pushed through the real payment services with
 * historical timestamps, so the ledger, timelines and risk assessments are all genuine.
 *
 * Everything random comes from one seeded PRNG (mulberry32) and events are applied in
 * chronological order, so the same `seed`, `days` and `now` give the same history (ids differ:
 * they carry random bytes). Follow-ups (async settlement, captures, cancellations, refunds) are
 * scheduled as future events; those that would fall after `now` never happen, which is what
 * leaves the most recent payments `processing` or `requires_capture`.
 */

export type SeedOptions = {
  /** Days of history ending at `now` (default 60). */
  days?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** End of the history, epoch ms (default Date.now()). */
  now?: number;
  /** Called once per simulated day that had activity. */
  onProgress?: (progress: { day: number; days: number; payments: number; refunds: number }) => void;
};

export type SeedResult = { payments: number; refunds: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The demo merchant sits in US Eastern (standard) time: days and business hours follow it. */
const MERCHANT_UTC_OFFSET_MS = -5 * HOUR;

/** Relative traffic per local hour of day (0–23): quiet nights, a lunch and an evening peak. */
const HOURLY_WEIGHTS = [
  0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1.0, 1.6, 2.0, 2.3, 2.6, 2.8, 2.5, 2.3, 2.2, 2.2, 2.3, 2.5, 2.4, 2.0, 1.5, 1.0, 0.6,
];
/** Relative traffic per local weekday, Sunday first. */
const WEEKDAY_FACTORS = [0.78, 0.95, 1.0, 1.02, 1.08, 1.25, 1.15];
/** Payments on an average day at the start of the window; grows ~35 % over the window. */
const BASE_PAYMENTS_PER_DAY = 40;

type CurrencyProfile = {
  code: string;
  share: number;
  /** Median basket in major units. */
  median: number;
  /** Issuing country of the cards its customers carry (picks test cards that report it). */
  country: string | null;
};

const CURRENCIES: CurrencyProfile[] = [
  { code: 'USD', share: 70, median: 38, country: null },
  { code: 'EUR', share: 12, median: 34, country: null },
  { code: 'GBP', share: 9, median: 29, country: 'GB' },
  { code: 'JPY', share: 5, median: 5200, country: null },
  { code: 'CAD', share: 2, median: 50, country: 'CA' },
  { code: 'AUD', share: 2, median: 56, country: null },
];
const USD_MEDIAN = 38;

const METHOD_WEIGHTS: [PaymentMethod, number][] = [
  ['credit_card', 50],
  ['debit_card', 22],
  ['digital_wallet', 15],
  ['bank_transfer', 8],
  ['crypto', 5],
];

/** Share of attempts that fail at the processor, per method (overall ≈ 9–10 %). */
const FAILURE_RATE: Record<PaymentMethod, number> = {
  credit_card: 0.1,
  debit_card: 0.11,
  digital_wallet: 0.07,
  bank_transfer: 0.06,
  crypto: 0.08,
};

/** How often each failure occurs relative to the others; codes not listed weigh 1. */
const FAILURE_CODE_WEIGHTS: Record<string, number> = {
  card_declined: 6,
  insufficient_funds: 4,
  wallet_declined: 4,
  expired_card: 1.5,
  incorrect_cvc: 1.5,
  token_expired: 2,
  confirmation_timeout: 2,
  underpaid: 2,
};

const GUEST_SHARE = 0.15;
const LARGE_ORDER_CHANCE = 0.012;
const MANUAL_CAPTURE_CHANCE = 0.04;
const REFUND_CHANCE = 0.055;

const FULL_REFUND_REASONS = [
  'Customer requested a refund',
  'Duplicate order',
  'Order cancelled before shipping',
  'Fraudulent charge reported by cardholder',
  'Subscription cancelled',
];
const PARTIAL_REFUND_REASONS = [
  'Bag arrived damaged',
  'Item out of stock',
  'Wrong grind size shipped',
  'Late delivery: goodwill credit',
  'Price adjustment',
];
const DEMO_ANALYST = 'demo.analyst@tillpoint.test';
const REJECT_REASONS = ['Card testing pattern', 'Customer could not be verified', 'Shipping address mismatch'];
const CANCEL_REASONS = ['requested_by_customer', 'out_of_stock', 'duplicate'];

const FIRST_NAMES = [
  'ada', 'alan', 'grace', 'katherine', 'edsger', 'barbara', 'donald', 'margaret', 'linus', 'radia',
  'john', 'frances', 'ken', 'dennis', 'hedy', 'claude', 'sophie', 'tim', 'niklaus', 'annie',
  'marie', 'emmy', 'carl', 'lise', 'rosalind', 'srinivasa', 'dorothy', 'alonzo', 'kurt', 'mary',
];
const LAST_NAMES = [
  'lovelace', 'turing', 'hopper', 'johnson', 'dijkstra', 'liskov', 'knuth', 'hamilton', 'torvalds', 'perlman',
  'backus', 'allen', 'thompson', 'ritchie', 'lamarr', 'shannon', 'wilson', 'berners_lee', 'wirth', 'easley',
  'curie', 'noether', 'gauss', 'meitner', 'franklin', 'ramanujan', 'vaughan', 'church', 'goedel', 'jackson',
];

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(min = 0, max = 1): number {
    return min + (max - min) * this.next();
  }
  int(min: number, max: number): number {
    return Math.floor(this.float(min, max + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, weight] of entries) {
      r -= weight;
      if (r < 0) return item;
    }
    return entries[entries.length - 1][0];
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  logUniform(min: number, max: number): number {
    return Math.exp(this.float(Math.log(min), Math.log(max)));
  }
}

// ---------------------------------------------------------------------------------------------
// Test inputs: every payment_details value comes from the processors' table.

const rowsOf = (method: PaymentMethod, status: 'succeeded' | 'failed') =>
  testInputs.filter((row) => row.method === method && row.outcome.status === status);

function failureWeight(row: TestInput): number {
  return row.outcome.status === 'failed' ? (FAILURE_CODE_WEIGHTS[row.outcome.failureCode] ?? 1) : 0;
}

/** Success rows a customer of this currency would plausibly carry (card country matches). */
function successRowsFor(method: PaymentMethod, country: string | null): TestInput[] {
  const rows = rowsOf(method, 'succeeded');
  if (rows.length === 0) throw new Error(`testInputs has no succeeding row for ${method}`);
  const local = rows.filter((row) => (row.country ?? null) === country);
  return local.length > 0 ? local : rows.filter((row) => !row.country);
}

function detailsOf(row: TestInput, rng: Rng): Record<string, unknown> {
  // The wallet name is not the outcome key (the token is), so any supported wallet works.
  if (row.method === 'digital_wallet') return { ...row.input, wallet: rng.pick(walletNames) };
  return { ...row.input };
}

// ---------------------------------------------------------------------------------------------
// Customers and payments to make

type Customer = {
  id: string;
  currency: CurrencyProfile;
  weight: number;
  preferredMethod: PaymentMethod;
  /** The "saved" instrument per method: the same card every time, as in real life. */
  savedRow: Partial<Record<PaymentMethod, TestInput>>;
};

type PaymentPlan = {
  at: number;
  customer: Customer | null;
  customerId: string | null;
  currency: string;
  amount: number; // minor units
  method: PaymentMethod;
  row: TestInput;
  capture: boolean;
};

function makeCustomers(rng: Rng, count: number): Customer[] {
  const ids = new Set<string>();
  const customers: Customer[] = [];
  while (customers.length < count) {
    const id = `cus_${rng.pick(FIRST_NAMES)}_${rng.pick(LAST_NAMES)}`;
    if (ids.has(id)) continue;
    ids.add(id);
    const currency = rng.weighted(CURRENCIES.map((c) => [c, c.share] as const));
    // Skewed: a few regulars buy several times a week, most customers now and then.
    const weight = rng.logNormal(1, 0.7);
    customers.push({ id, currency, weight, preferredMethod: rng.weighted(METHOD_WEIGHTS), savedRow: {} });
  }
  return customers;
}

function amountFor(rng: Rng, currency: CurrencyProfile, large = rng.chance(LARGE_ORDER_CHANCE)): number {
  const scale = currency.median / USD_MEDIAN;
  const major = large
    ? rng.logUniform(1_000, 20_000) * scale // wholesale orders: the biggest trip the large-amount rule
    : Math.min(900 * scale, Math.max(3 * scale, rng.logNormal(currency.median, 0.85)));
  const exponent = minorUnitExponent(currency.code);
  // Yen prices are whole tens of yen; other currencies have cents.
  return exponent === 0 ? Math.max(10, Math.round(major / 10) * 10) : Math.round(major * 10 ** exponent);
}

function chooseRow(rng: Rng, method: PaymentMethod, customer: Customer | null, currency: CurrencyProfile): TestInput {
  if (rng.chance(FAILURE_RATE[method])) {
    const failures = rowsOf(method, 'failed');
    if (failures.length > 0) return rng.weighted(failures.map((row) => [row, failureWeight(row)] as const));
  }
  if (customer) {
    customer.savedRow[method] ??= rng.pick(successRowsFor(method, currency.country));
    return customer.savedRow[method]!;
  }
  return rng.pick(successRowsFor(method, currency.country));
}

const supportsManualCapture = (method: PaymentMethod) => method === 'credit_card' || method === 'debit_card';

function planPayment(rng: Rng, at: number, customers: Customer[], customerWeights: [Customer, number][]): PaymentPlan {
  const customer = rng.chance(GUEST_SHARE) ? null : rng.weighted(customerWeights);
  const currency = customer?.currency ?? rng.weighted(CURRENCIES.map((c) => [c, c.share] as const));
  const method = customer && rng.chance(0.7) ? customer.preferredMethod : rng.weighted(METHOD_WEIGHTS);
  return {
    at,
    customer,
    customerId: customer?.id ?? null,
    currency: currency.code,
    amount: amountFor(rng, currency),
    method,
    row: chooseRow(rng, method, customer, currency),
    capture: !(supportsManualCapture(method) && rng.chance(MANUAL_CAPTURE_CHANCE)),
  };
}

/** Start of the merchant-local calendar day containing `t`, as epoch ms. */
function localDayStart(t: number): number {
  const local = t + MERCHANT_UTC_OFFSET_MS;
  return local - (((local % DAY) + DAY) % DAY) - MERCHANT_UTC_OFFSET_MS;
}

function localWeekday(dayStart: number): number {
  return new Date(dayStart + MERCHANT_UTC_OFFSET_MS).getUTCDay();
}

/**
 * A few customers in bursts, which the velocity rule notices: 18 earlier payments by the same
 * customer in 10 minutes score 0.72 (review), 21 score 0.84 (blocked); 10 earlier plus an order
 * over 10,000 also reach review.
 */
function planBursts(rng: Rng, start: number, end: number, customers: Customer[]): PaymentPlan[] {
  const plans: PaymentPlan[] = [];
  const usdCustomers = customers.filter((c) => c.currency.code === 'USD');
  // Timestamps are whole milliseconds (ids and columns expect integers).
  const burstStart = (from: number, to: number) => Math.floor(Math.max(start + HOUR, Math.min(end - 20 * MINUTE, rng.float(from, to))));
  const span = end - start;

  // Office managers stocking up: many orders in a few minutes with the saved card.
  const bulkBursts = Math.max(1, Math.round(span / DAY / 20));
  for (let b = 0; b < bulkBursts; b++) {
    const customer = rng.pick(usdCustomers.length > 0 ? usdCustomers : customers);
    const method: PaymentMethod = 'credit_card';
    // The last burst lands in the last two days so the review queue has fresh items.
    const at0 = b === bulkBursts - 1 ? burstStart(end - 2 * DAY, end - 2 * HOUR) : burstStart(start + (b / bulkBursts) * span, start + ((b + 1) / bulkBursts) * span - DAY);
    // Every other burst ends with a wholesale order instead of reaching 19 orders.
    const endsLarge = b % 2 === 1;
    const n = endsLarge ? 11 : rng.int(19, 20);
    let at = at0;
    for (let i = 0; i < n; i++) {
      const large = endsLarge && i === n - 1;
      if (large) customer.savedRow[method] ??= rng.pick(successRowsFor(method, customer.currency.country));
      plans.push({
        at,
        customer,
        customerId: customer.id,
        currency: customer.currency.code,
        // Over 10,000 in the payment's own currency, so the large-amount rule applies.
        amount: large
          ? Math.round(rng.float(10_500, 18_000)) * 10 ** minorUnitExponent(customer.currency.code)
          : amountFor(rng, customer.currency, false),
        method,
        row: large ? customer.savedRow[method]! : chooseRow(rng, method, customer, customer.currency),
        capture: true,
      });
      at += rng.int(10, 30) * 1000;
    }
  }

  // Card testing: a throwaway customer trying small amounts on many cards; the last attempt
  // is blocked outright.
  const tester = `cus_guest_${rng.int(1000, 9999)}`;
  let at = burstStart(start + 0.4 * span, start + 0.8 * span);
  const cards = testInputs.filter((row) => row.method === 'credit_card');
  for (let i = 0; i < 22; i++) {
    plans.push({
      at,
      customer: null,
      customerId: tester,
      currency: 'USD',
      amount: rng.int(1, 5) * 100,
      method: 'credit_card',
      row: rng.pick(cards),
      capture: true,
    });
    at += rng.int(5, 15) * 1000;
  }
  return plans.filter((p) => p.at >= start && p.at < end);
}

function planHistory(rng: Rng, days: number, end: number) {
  const start = end - days * DAY;
  const customers = makeCustomers(rng, 150);
  const customerWeights = customers.map((c) => [c, c.weight] as [Customer, number]);
  const plans: PaymentPlan[] = [];
  const lastDay = localDayStart(end - 1);
  for (let i = 0; i < days; i++) {
    const dayStart = lastDay - (days - 1 - i) * DAY;
    const growth = 0.85 + 0.3 * (days > 1 ? i / (days - 1) : 1);
    const count = Math.round(BASE_PAYMENTS_PER_DAY * WEEKDAY_FACTORS[localWeekday(dayStart)] * growth * rng.float(0.88, 1.12));
    for (let k = 0; k < count; k++) {
      const hour = rng.weighted(HOURLY_WEIGHTS.map((w, h) => [h, w] as const));
      const at = Math.floor(dayStart + (hour + rng.float()) * HOUR);
      if (at < start || at >= end) continue; // today is only partly over
      plans.push(planPayment(rng, at, customers, customerWeights));
    }
  }
  plans.push(...planBursts(rng, start, end, customers));
  // Stable sort: same-millisecond plans keep their generation order.
  return { start, plans: plans.sort((a, b) => a.at - b.at) };
}

// ---------------------------------------------------------------------------------------------
// Follow-up events, applied in time order

type FollowUp =
  | { kind: 'settle'; paymentId: string }
  | { kind: 'capture'; paymentId: string; fraction: number }
  | { kind: 'cancel'; paymentId: string; reason: string }
  | { kind: 'refund'; paymentId: string; fraction: number | null; reason: string }
  | { kind: 'review'; paymentId: string; approve: boolean }
  | { kind: 'day'; settle: string }; // just after midnight UTC: funds released, yesterday settled, payouts moved

type Scheduled = { at: number; seq: number; event: FollowUp };

/** Follow-ups in time order (insertion into a sorted array: a few thousand events at most). */
class EventQueue {
  private items: Scheduled[] = [];
  private seq = 0;
  get size() {
    return this.items.length;
  }
  push(at: number, event: FollowUp) {
    const item = { at, seq: this.seq++, event };
    const index = this.items.findIndex((other) => less(item, other));
    if (index === -1) this.items.push(item);
    else this.items.splice(index, 0, item);
  }
  peek(): Scheduled | undefined {
    return this.items[0];
  }
  pop(): Scheduled | undefined {
    return this.items.shift();
  }
}

const less = (a: Scheduled, b: Scheduled) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

// ---------------------------------------------------------------------------------------------

export async function seedDemoHistory(db: Db, merchantId: string, options: SeedOptions = {}): Promise<SeedResult> {
  const days = options.days ?? 60;
  const end = options.now ?? Date.now();
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const rng = new Rng(options.seed ?? 1);
  const { start, plans } = planHistory(rng, days, end);
  const queue = new EventQueue();
  const schedule = (at: number, event: FollowUp) => {
    // What would happen after `end` has not happened yet. Timestamps are whole milliseconds.
    if (at < end) queue.push(Math.floor(at), event);
  };
  const counts = { payments: 0, refunds: 0 };
  let orderNumber = 10_000 + rng.int(1, 400);
  let reportedDay = -1;
  const progress = (at: number) => {
    const day = Math.floor((at - start) / DAY);
    if (day > reportedDay) {
      reportedDay = day;
      options.onProgress?.({ day, days, ...counts });
    }
  };

  /** A payment that has just reached `success` may be refunded some days later. */
  const maybeRefund = (payment: Payment, at: number) => {
    if (payment.status !== 'success' || !rng.chance(REFUND_CHANCE)) return;
    const delay = rng.chance(0.2) ? rng.float(HOUR, DAY) : rng.logUniform(DAY, 12 * DAY);
    const partial = rng.chance(0.45);
    schedule(at + delay, {
      kind: 'refund',
      paymentId: payment.id,
      fraction: partial ? rng.float(0.15, 0.7) : null,
      reason: rng.pick(partial ? PARTIAL_REFUND_REASONS : FULL_REFUND_REASONS),
    });
  };

  const afterCreate = (payment: Payment, plan: PaymentPlan) => {
    const at = plan.at;
    if (payment.status === 'processing') {
      // Crypto confirms within the hour or so; bank transfers clear in about a business day.
      const delay = payment.method === 'crypto' ? rng.float(5 * MINUTE, 90 * MINUTE) : rng.float(6 * HOUR, 48 * HOUR);
      schedule(at + delay, { kind: 'settle', paymentId: payment.id });
    } else if (payment.status === 'requires_capture') {
      if (rng.chance(0.75)) {
        // Captured when the order ships, within a few days.
        schedule(at + rng.float(4 * HOUR, 4 * DAY), { kind: 'capture', paymentId: payment.id, fraction: rng.chance(0.15) ? rng.float(0.6, 0.95) : 1 });
      } else {
        schedule(at + rng.float(2 * HOUR, 4 * DAY), { kind: 'cancel', paymentId: payment.id, reason: rng.pick(CANCEL_REASONS) });
      }
    } else if (payment.status === 'pending') {
      // An analyst works the queue within a working day; most held orders turn out fine.
      schedule(at + rng.float(20 * MINUTE, 8 * HOUR), { kind: 'review', paymentId: payment.id, approve: rng.chance(0.7) });
    } else {
      maybeRefund(payment, at);
    }
  };

  const runFollowUp = async ({ at, event }: Scheduled) => {
    switch (event.kind) {
      case 'settle': {
        const payment = await advancePayment(db, merchantId, event.paymentId, at);
        maybeRefund(payment, at);
        return;
      }
      case 'capture': {
        const payment = await getPaymentOrThrow(db, merchantId, event.paymentId);
        const amount = event.fraction < 1 ? partOf(payment.amount, event.fraction) : undefined;
        const captured = await capturePayment(db, { merchantId, paymentId: event.paymentId, amount: amount === undefined ? undefined : formatAmount(amount, payment.currency), now: at });
        maybeRefund(captured, at);
        return;
      }
      case 'cancel':
        await cancelPayment(db, { merchantId, paymentId: event.paymentId, reason: event.reason, actor: DEMO_ANALYST, now: at });
        return;
      case 'day':
        await transaction(db, (tx) => releaseAvailableFunds(tx, at));
        await runSettlement(db, event.settle, { merchantId, now: at });
        await progressPayouts(db, at);
        return;
      case 'review': {
        const [review] = await db.select().from(reviews).where(eq(reviews.paymentId, event.paymentId));
        if (event.approve) {
          await approveReview(db, { merchantId, reviewId: review.id, actor: DEMO_ANALYST, now: at });
          maybeRefund(await getPaymentOrThrow(db, merchantId, event.paymentId), at);
        } else {
          await rejectReview(db, { merchantId, reviewId: review.id, actor: DEMO_ANALYST, reason: rng.pick(REJECT_REASONS), now: at });
        }
        return;
      }
      case 'refund': {
        const payment = await getPaymentOrThrow(db, merchantId, event.paymentId);
        const remaining = payment.amountCaptured - payment.amountRefunded;
        if (remaining <= 0) return;
        const amount = event.fraction === null ? undefined : Math.min(remaining, partOf(payment.amountCaptured, event.fraction));
        await refundPayment(db, {
          merchantId,
          paymentId: event.paymentId,
          amount: amount === undefined ? undefined : formatAmount(amount, payment.currency),
          reason: event.reason,
          now: at,
        });
        counts.refunds++;
        // Now and then a second, partial goodwill refund follows.
        if (amount !== undefined && rng.chance(0.1)) {
          schedule(at + rng.float(HOUR, 5 * DAY), { kind: 'refund', paymentId: event.paymentId, fraction: rng.float(0.05, 0.2), reason: rng.pick(PARTIAL_REFUND_REASONS) });
        }
        return;
      }
    }
  };

  for (let midnight = Math.floor(start / DAY) * DAY + DAY; midnight < end; midnight += DAY) {
    schedule(midnight + 5 * MINUTE, { kind: 'day', settle: new Date(midnight - DAY).toISOString().slice(0, 10) });
  }
  for (const plan of plans) {
    while (queue.size > 0 && queue.peek()!.at <= plan.at) {
      const next = queue.pop()!;
      progress(next.at);
      await runFollowUp(next);
    }
    progress(plan.at);
    orderNumber += 1;
    const body = {
      amount: formatAmount(plan.amount, plan.currency),
      currency: plan.currency,
      method: plan.method,
      ...(plan.customerId ? { customer_id: plan.customerId } : {}),
      description: `Order #${orderNumber}`,
      metadata: { order_id: String(orderNumber) },
      capture: plan.capture,
      payment_details: detailsOf(plan.row, rng),
    };
    const payment = await createPayment(db, { merchantId, body, now: plan.at });
    counts.payments++;
    afterCreate(payment, plan);
  }
  while (queue.size > 0) {
    const next = queue.pop()!;
    progress(next.at);
    await runFollowUp(next);
  }
  options.onProgress?.({ day: days, days, ...counts });
  return counts;
}

/** `fraction` of `amount` minor units, at least one unit and less than the whole. */
function partOf(amount: number, fraction: number): number {
  return Math.min(amount - 1, Math.max(1, Math.round(amount * fraction)));
}

/**
 * The simulated processors settle an async charge a fixed delay after it was submitted (in
 * real time, 30 s by default), so the payments seeding leaves `processing` would all flip the
 * moment the server's worker first looks. This spreads their settlement over the next minutes
 * instead, so a fresh demo shows bank transfers and crypto payments completing live.
 */
export async function deferInFlightSettlement(
  db: Db,
  merchantId: string,
  options: { from?: number; withinMs?: number; seed?: number } = {},
): Promise<number> {
  const from = options.from ?? Date.now();
  const within = options.withinMs ?? 10 * MINUTE;
  const rng = new Rng(options.seed ?? 1);
  const inFlight = await db
    .select({ id: payments.id })
    .from(payments)
    .where(and(eq(payments.merchantId, merchantId), eq(payments.status, 'processing')))
    .orderBy(asc(payments.id));
  let deferred = 0;
  for (const { id } of inFlight) {
    if (await settleSimulatedChargeNow(db, id, Math.floor(from + rng.float(MINUTE, within)))) deferred++;
  }
  return deferred;
}
