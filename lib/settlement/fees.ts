import Decimal from 'decimal.js';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { feeSchedules, paymentMethods, settlementSettings, type PaymentMethod } from '@/db/schema';
import { divideHalfEven, minorUnitExponent } from '@/lib/money/money';

export type FeeSchedule = { ratePpm: number; fixed: string; cap: string | null };

/** Defaults: cards 2.9% + 0.30, bank transfers 0.8% capped at 5.00, wallets 2.5%, crypto 1%. */
export const defaultFeeSchedules: Record<PaymentMethod, FeeSchedule> = {
  credit_card: { ratePpm: 29_000, fixed: '0.30', cap: null },
  debit_card: { ratePpm: 29_000, fixed: '0.30', cap: null },
  bank_transfer: { ratePpm: 8_000, fixed: '0', cap: '5.00' },
  digital_wallet: { ratePpm: 25_000, fixed: '0', cap: null },
  crypto: { ratePpm: 10_000, fixed: '0', cap: null },
};

/** Fixed and cap are major units of the payment's currency; below its smallest unit they round half-even. */
function toMinor(major: string, currency: string): number {
  return new Decimal(major)
    .mul(10 ** minorUnitExponent(currency))
    .toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN)
    .toNumber();
}

/** The fee on a captured amount, in minor units: rate (half-even) + fixed, at most the cap, never more than the amount. */
export function computeFee(amount: number, currency: string, schedule: FeeSchedule): number {
  let fee = divideHalfEven(amount * schedule.ratePpm, 1_000_000);
  if (schedule.fixed !== '0') fee += toMinor(schedule.fixed, currency);
  if (schedule.cap !== null) fee = Math.min(fee, toMinor(schedule.cap, currency));
  return Math.min(fee, amount);
}

/**
 * The part of the fee a refund returns under the proportional policy. The last refund returns
 * whatever is left, so the returned parts always add up to the whole fee, to the minor unit.
 */
export function feeShareOfRefund(payment: { fee: number; feeRefunded: number; amountCaptured: number; amountRefunded: number }, refund: number): number {
  if (payment.amountRefunded + refund >= payment.amountCaptured) return payment.fee - payment.feeRefunded;
  return Math.min(divideHalfEven(payment.fee * refund, payment.amountCaptured), payment.fee - payment.feeRefunded);
}

export async function getFeeSchedule(db: Db, merchantId: string, method: PaymentMethod): Promise<FeeSchedule> {
  const [row] = await db.select().from(feeSchedules).where(and(eq(feeSchedules.merchantId, merchantId), eq(feeSchedules.method, method)));
  return row ? { ratePpm: row.ratePpm, fixed: row.fixed, cap: row.cap } : defaultFeeSchedules[method];
}

export async function refundFeePolicy(db: Db, merchantId: string): Promise<'none' | 'proportional'> {
  const [row] = await db.select().from(settlementSettings).where(eq(settlementSettings.merchantId, merchantId));
  return row?.refundFeePolicy ?? 'none';
}

const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal string such as "0.30"');

export const feeSettingsBody = z.strictObject({
  refund_fee_policy: z.enum(['none', 'proportional']).optional(),
  schedules: z
    .record(
      z.enum(paymentMethods),
      z.strictObject({ rate_percent: decimal, fixed: decimal.default('0'), cap: decimal.nullable().default(null) }),
    )
    .optional(),
});

/** "2.9" percent → 29,000 ppm, exactly (at most four decimals of a percent). */
function percentToPpm(percent: string): number {
  const [whole, fraction = ''] = percent.split('.');
  if (fraction.length > 4) throw new RangeError('rate_percent has at most 4 decimals');
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, '0'));
}

export async function updateFeeSettings(db: Db, merchantId: string, body: z.infer<typeof feeSettingsBody>, now = Date.now()) {
  await transaction(db, async (tx) => {
    if (body.refund_fee_policy) {
      await tx
        .insert(settlementSettings)
        .values({ merchantId, refundFeePolicy: body.refund_fee_policy, updatedAt: now })
        .onConflictDoUpdate({ target: settlementSettings.merchantId, set: { refundFeePolicy: body.refund_fee_policy, updatedAt: now } });
    }
    for (const [method, schedule] of Object.entries(body.schedules ?? {})) {
      const values = { ratePpm: percentToPpm(schedule.rate_percent), fixed: schedule.fixed, cap: schedule.cap, updatedAt: now };
      await tx
        .insert(feeSchedules)
        .values({ merchantId, method: method as PaymentMethod, ...values })
        .onConflictDoUpdate({ target: [feeSchedules.merchantId, feeSchedules.method], set: values });
    }
  });
  return feeSettings(db, merchantId);
}

export async function feeSettings(db: Db, merchantId: string) {
  const schedules: Record<string, { rate_percent: string; fixed: string; cap: string | null }> = {};
  for (const method of paymentMethods) {
    const s = await getFeeSchedule(db, merchantId, method);
    const percent = `${Math.floor(s.ratePpm / 10_000)}.${String(s.ratePpm % 10_000).padStart(4, '0')}`.replace(/\.?0+$/, '');
    schedules[method] = { rate_percent: percent, fixed: s.fixed, cap: s.cap };
  }
  return { object: 'fee_settings' as const, refund_fee_policy: await refundFeePolicy(db, merchantId), schedules };
}
