import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { preparedQuery } from '@/db/sql';
import { feeSchedules, paymentMethods, settlementSettings, type PaymentMethod } from '@/db/schema';
import { applyRate, decimalToScaled, maxAmountMinor, minorUnitExponent, multiplyDivideHalfEven, rescaleHalfEven, scaledToDecimal } from '@/lib/money/money';

/**
 * A schedule is per method, not per currency, so its fixed part and cap are kept in
 * thousandths of a major unit of whatever currency the payment is in: the minor unit of the
 * finest currency we accept (BHD, 3 decimals). 0.30 is 300: 30 cents, 300 fils, or 0 yen.
 */
export const FEE_AMOUNT_EXPONENT = 3;

export type FeeSchedule = { ratePpm: number; fixedThousandths: number; capThousandths: number | null };

/** Defaults: cards 2.9% + 0.30, bank transfers 0.8% capped at 5.00, wallets 2.5%, crypto 1%. */
export const defaultFeeSchedules: Record<PaymentMethod, FeeSchedule> = {
  credit_card: { ratePpm: 29_000, fixedThousandths: 300, capThousandths: null },
  debit_card: { ratePpm: 29_000, fixedThousandths: 300, capThousandths: null },
  bank_transfer: { ratePpm: 8_000, fixedThousandths: 0, capThousandths: 5_000 },
  digital_wallet: { ratePpm: 25_000, fixedThousandths: 0, capThousandths: null },
  crypto: { ratePpm: 10_000, fixedThousandths: 0, capThousandths: null },
};

/** Thousandths → the payment currency's minor units; below its smallest unit they round half-even (0.30 JPY is 0). */
const inCurrency = (thousandths: number, currency: string) => rescaleHalfEven(thousandths, FEE_AMOUNT_EXPONENT, minorUnitExponent(currency));

/** The fee on a captured amount, in minor units: rate (half-even) + fixed, at most the cap, never more than the amount. */
export function computeFee(amount: number, currency: string, schedule: FeeSchedule): number {
  let fee = applyRate(amount, { ppm: schedule.ratePpm }) + inCurrency(schedule.fixedThousandths, currency);
  if (schedule.capThousandths !== null) fee = Math.min(fee, inCurrency(schedule.capThousandths, currency));
  return Math.min(fee, amount);
}

/**
 * The part of the fee a refund returns under the proportional policy. The last refund returns
 * whatever is left, so the returned parts always add up to the whole fee, to the minor unit.
 */
export function feeShareOfRefund(payment: { fee: number; feeRefunded: number; amountCaptured: number; amountRefunded: number }, refund: number): number {
  if (payment.amountRefunded + refund >= payment.amountCaptured) return payment.fee - payment.feeRefunded;
  return Math.min(multiplyDivideHalfEven(payment.fee, refund, payment.amountCaptured), payment.fee - payment.feeRefunded);
}

const feeScheduleOf = preparedQuery('fee_schedule', (db) =>
  db.select().from(feeSchedules).where(and(eq(feeSchedules.merchantId, sql.placeholder('merchantId')), eq(feeSchedules.method, sql.placeholder('method')))),
);

export async function getFeeSchedule(db: Db, merchantId: string, method: PaymentMethod): Promise<FeeSchedule> {
  const [row] = await feeScheduleOf(db, { merchantId, method });
  return row ? { ratePpm: row.ratePpm, fixedThousandths: row.fixedThousandths, capThousandths: row.capThousandths } : defaultFeeSchedules[method];
}

export async function refundFeePolicy(db: Db, merchantId: string): Promise<'none' | 'proportional'> {
  const [row] = await db.select().from(settlementSettings).where(eq(settlementSettings.merchantId, merchantId));
  return row?.refundFeePolicy ?? 'none';
}

/**
 * A decimal string → the integer it is at `exponent` decimals (exactly: more decimals are
 * refused, not rounded), at most `max`.
 */
function scaledDecimal(exponent: number, max: number, form: string) {
  const pattern = new RegExp(`^\\d+(\\.\\d{1,${exponent}})?$`);
  const maxText = scaledToDecimal(max, exponent).replace(/\.?0+$/, '');
  return z.string().transform((text, ctx) => {
    if (!pattern.test(text)) {
      ctx.addIssue({ code: 'custom', message: `must be ${form} with at most ${exponent} decimals` });
      return z.NEVER;
    }
    // Whole digits beyond the maximum's would not even be a safe integer: refuse them unread.
    const whole = text.split('.')[0].replace(/^0+(?=\d)/, '');
    const value = whole.length > maxText.split('.')[0].length ? Infinity : decimalToScaled(text, exponent);
    if (value > max) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${maxText}` });
      return z.NEVER;
    }
    return value;
  });
}

/**
 * A fixed part or cap, in thousandths. At most the per-payment maximum, 999,999,999.99 (in
 * thousandths that is BHD's own maximum): a fee never exceeds the amount anyway.
 */
const feeAmount = scaledDecimal(FEE_AMOUNT_EXPONENT, maxAmountMinor('BHD'), 'a decimal string such as "0.30"');
/** "2.9" percent → 29,000 ppm (a ppm is a ten-thousandth of a percent), at most 100%. */
const ratePercent = scaledDecimal(4, 1_000_000, 'a percentage such as "2.9"');

export const feeSettingsBody = z.strictObject({
  refund_fee_policy: z.enum(['none', 'proportional']).optional(),
  // Partial: a method left out keeps its schedule (a plain record over an enum demands all five).
  schedules: z
    .partialRecord(
      z.enum(paymentMethods),
      z.strictObject({ rate_percent: ratePercent, fixed: feeAmount.default(0), cap: feeAmount.nullable().default(null) }),
    )
    .optional(),
});

/** Thousandths as the API shows fee amounts: "0.30", "5.00", "0.305", and "0" for none. */
function feeAmountText(thousandths: number): string {
  if (thousandths === 0) return '0';
  const text = scaledToDecimal(thousandths, FEE_AMOUNT_EXPONENT);
  return text.endsWith('0') ? text.slice(0, -1) : text;
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
      const values = { ratePpm: schedule.rate_percent, fixedThousandths: schedule.fixed, capThousandths: schedule.cap, updatedAt: now };
      await tx
        .insert(feeSchedules)
        .values({ merchantId, method: method as PaymentMethod, ...values })
        .onConflictDoUpdate({ target: [feeSchedules.merchantId, feeSchedules.method], set: values });
    }
  });
  return feeSettings(db, merchantId);
}

const feeSchedule = z.strictObject({
  rate_percent: z.string().describe('Percent of the amount, e.g. "2.9".'),
  fixed: z.string().describe('Fixed fee per payment in major units.'),
  cap: z.string().nullable().describe('Largest fee per payment, or null.'),
});

export const feeSettingsObject = z
  .strictObject({
    object: z.literal('fee_settings'),
    refund_fee_policy: z.enum(['none', 'proportional']),
    schedules: z.record(z.enum(paymentMethods), feeSchedule),
  })
  .meta({ id: 'FeeSettings', description: 'Fee schedule per payment method and what happens to the fee on refund.' });

export async function feeSettings(db: Db, merchantId: string): Promise<z.infer<typeof feeSettingsObject>> {
  const schedules: Record<string, { rate_percent: string; fixed: string; cap: string | null }> = {};
  for (const method of paymentMethods) {
    const s = await getFeeSchedule(db, merchantId, method);
    const percent = scaledToDecimal(s.ratePpm, 4).replace(/\.?0+$/, '');
    schedules[method] = { rate_percent: percent, fixed: feeAmountText(s.fixedThousandths), cap: s.capThousandths === null ? null : feeAmountText(s.capThousandths) };
  }
  return { object: 'fee_settings' as const, refund_fee_policy: await refundFeePolicy(db, merchantId), schedules };
}
