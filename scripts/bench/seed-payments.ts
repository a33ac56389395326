import { getTableColumns, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { balanceTransactions, payments, type PaymentMethod, type PaymentStatus } from '@/db/schema';
import type { Db } from '@/db/client';
import { newId } from '@/lib/ids';
import { cardFingerprint } from '@/lib/payments/processors/card';
import { mulberry32 } from '../demo/seed-history';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const ROWS_PER_TRANSACTION = 50_000;

/** The card the bench's hot-card payment uses: seen `hotCard` times in the last 24 hours. */
export const HOT_CARD = '5555555555554444';

export type BulkSeed = {
  merchantId: string;
  /** Payments in all (90 days). */
  total: number;
  /** Of those, created in the last 24 hours (one in ten by default). */
  lastDay?: number;
  /** Of the last day's, paid with HOT_CARD (all of them by default). */
  hotCard?: number;
  now?: number;
  /** PRNG seed. */
  seed?: number;
  onProgress?: (done: number) => void;
};

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  let r = random();
  for (const [value, weight] of weighted) {
    if ((r -= weight) < 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

const METHODS = [['credit_card', 0.7], ['debit_card', 0.15], ['digital_wallet', 0.08], ['bank_transfer', 0.05], ['crypto', 0.02]] as const;
const CURRENCIES = [['USD', 0.8], ['EUR', 0.15], ['GBP', 0.05]] as const;
const STATUSES = [['success', 0.86], ['failed', 0.1], ['cancelled', 0.02], ['requires_capture', 0.02]] as const;
const DESCRIPTIONS = ['Order', 'Subscription renewal', 'Gift card', 'Invoice', 'Ticket', 'Donation'];

/**
 * A million payments in about a minute: INSERTs prepared once through the drizzle schema, in
 * big transactions, on the bench's own database (no service, no ledger postings, no
 * timeline). 90 days of history, `lastDay` of them in the last 24 hours, `hotCard` of those on
 * one card; successful payments get their balance transaction (already available), one in
 * twenty a partial refund. Settled outcomes only, so a worker would find nothing to do.
 */
export function seedPayments(db: Db, options: BulkSeed): number {
  const { merchantId, total, now = Date.now() } = options;
  const lastDay = options.lastDay ?? Math.floor(total / 10);
  const hotCard = options.hotCard ?? lastDay;
  const random = mulberry32(options.seed ?? 1);
  const hotFingerprint = cardFingerprint(HOT_CARD);
  // The bench measures SQLite on its own temporary file: seeding drives that file directly.
  // eslint-disable-next-line no-restricted-syntax
  const sqlite = db.$client;
  // The bench database is thrown away: no fsync per batch while seeding it.
  sqlite.pragma('synchronous = OFF');
  // Four indexes take keys in random order: keep their pages in memory (256 MB, not 2 MB).
  sqlite.pragma('cache_size = -262144');
  // Oldest first, so ids (time-ordered) are made in the order a live system would make them.
  const times: number[] = [];
  for (let i = 0; i < total - lastDay; i++) times.push(now - DAY - random() * 89 * DAY);
  for (let i = 0; i < lastDay; i++) times.push(now - random() * DAY);
  times.sort((a, b) => a - b);
  const hotFrom = total - lastDay;
  const hotEvery = hotCard === 0 ? Infinity : lastDay / hotCard;

  // One statement per table, prepared once: drizzle builds the SQL text a single time.
  const insertPayment = preparedInsert(db, payments);
  const insertBalanceTransaction = preparedInsert(db, balanceTransactions);
  for (let start = 0; start < total; start += ROWS_PER_TRANSACTION) {
    sqlite.exec('BEGIN');
    for (let i = start; i < Math.min(total, start + ROWS_PER_TRANSACTION); i++) {
      const createdAt = Math.floor(times[i]);
      const hot = i >= hotFrom && Math.floor((i - hotFrom) / hotEvery) !== Math.floor((i - hotFrom - 1) / hotEvery);
      const method: PaymentMethod = hot ? 'credit_card' : pick(random, METHODS);
      const currency = pick(random, CURRENCIES);
      const status: PaymentStatus = pick(random, method === 'credit_card' || method === 'debit_card' ? STATUSES : STATUSES.slice(0, 2));
      const amount = 100 + Math.floor(random() * random() * 50_000);
      const captured = status === 'success' ? amount : 0;
      const refunded = status === 'success' && random() < 0.05 ? Math.max(1, Math.floor(amount * random())) : 0;
      const fee = status === 'success' ? Math.round(amount * 0.029) + 30 : 0;
      const card = method === 'credit_card' || method === 'debit_card';
      const last4 = hot ? HOT_CARD.slice(-4) : String(Math.floor(random() * 10_000)).padStart(4, '0');
      const customer = `cus_${Math.floor(random() * 200_000).toString(36)}`;
      const id = newId('pay', createdAt);
      insertPayment.run({
        id,
        merchantId,
        amount,
        currency,
        method,
        status,
        captureOnConfirm: status !== 'requires_capture',
        amountCaptured: captured,
        amountRefunded: refunded,
        fee,
        feeRefunded: 0,
        customerId: customer,
        customerEmail: `${customer.slice(4)}@example.com`,
        ipAddress: `198.51.100.${Math.floor(random() * 255)}`,
        description: `${DESCRIPTIONS[Math.floor(random() * DESCRIPTIONS.length)]} #${i}`,
        metadata: {},
        details: card ? { brand: 'visa', last4, exp_month: 12, exp_year: 2099, funding: method === 'debit_card' ? 'debit' : 'credit', country: 'US' } : { last4 },
        fingerprint: hot ? hotFingerprint : `fp_seed${Math.floor(random() * 1e9).toString(16)}`,
        failureCode: status === 'failed' ? 'card_declined' : null,
        failureMessage: status === 'failed' ? 'Your card was declined.' : null,
        riskScore: 0.1,
        riskLevel: 'normal',
        riskRecommendation: 'approve',
        riskFactors: [],
        processorReference: status === 'failed' ? null : `sim_ch_seed_${i}`,
        createdAt,
        updatedAt: createdAt,
      });
      if (status === 'success') {
        insertBalanceTransaction.run({
          id: newId('txn', createdAt),
          merchantId,
          type: 'charge',
          sourceId: id,
          amount,
          fee,
          net: amount - fee,
          currency,
          status: 'available',
          availableOn: createdAt + 2 * DAY,
          payoutId: null,
          description: `Payment ${id}`,
          createdAt,
        });
      }
    }
    sqlite.exec('COMMIT');
    options.onProgress?.(Math.min(total, start + ROWS_PER_TRANSACTION));
  }
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('cache_size = -2000');
  return total;
}

/** `INSERT INTO table VALUES (?, …)` with a placeholder per column, mapped by the schema. */
function preparedInsert<T extends SQLiteTable>(db: Db, table: T) {
  const placeholders = Object.fromEntries(Object.keys(getTableColumns(table)).map((name) => [name, sql.placeholder(name)]));
  const statement = db.insert(table).values(placeholders as T['$inferInsert']).prepare();
  const absent = Object.fromEntries(Object.keys(placeholders).map((name) => [name, null]));
  return { run: (row: T['$inferInsert']) => statement.run({ ...absent, ...row }) };
}
