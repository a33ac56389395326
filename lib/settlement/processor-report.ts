import { stringify } from 'csv-stringify/sync';
import { and, eq, gte, lt, lte, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { payments, simulatedCharges, simulatedRefunds, type PaymentMethod } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { formatAmount } from '@/lib/money/money';
import { computeFee, getFeeSchedule, type FeeSchedule } from './fees';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The columns of a processor settlement report, in order. */
/** `?date=YYYY-MM-DD`; its absence is answered 400 parameter_missing by the route. */
export const processorReportQuery = z.object({ date: z.string().optional().describe('The UTC day, YYYY-MM-DD (required).') });

export const reportColumns = ['date', 'processor_reference', 'type', 'amount', 'fee', 'currency'] as const;

/** "2026-03-02" → midnight UTC of that day, or null for anything that is not a real calendar date. */
export function utcDayStart(date: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const start = Date.parse(`${date}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; a round trip catches it.
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== date) return null;
  return start;
}

export function utcDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

type ReportRow = { at: number; date: string; processor_reference: string; type: 'charge' | 'refund'; amount: string; fee: string; currency: string };

/**
 * The settlement report the simulated processors would send for one UTC day, built from their
 * own books (simulated_charges / simulated_refunds), not from Tillpoint's ledger: a `charge` row
 * per captured charge (amount = captured amount, fee per the merchant's fee schedule, which the
 * processor and Tillpoint share) and a `refund` row per refund (fee 0).
 *
 * Which day a row belongs to is decided by the processor's own timestamps: a charge by when it
 * captured the money (`captured_at`: at once for a card, at capture for an authorization, when
 * it settled for a bank transfer or crypto), a refund by when it was made. Payments joins in
 * only to scope the books to the merchant's account.
 */
export async function exportProcessorReport(db: Db, merchantId: string, date: string, now = Date.now()): Promise<string> {
  const start = utcDayStart(date);
  if (start === null) throw new DomainError('parameter_invalid', `Invalid date: '${date.slice(0, 32)}' is not a YYYY-MM-DD day.`, { param: 'date' });
  const end = start + DAY_MS;

  const charges = await db
    .select({ charge: simulatedCharges })
    .from(simulatedCharges)
    .innerJoin(payments, eq(payments.id, simulatedCharges.paymentId))
    .where(
      and(
        eq(payments.merchantId, merchantId),
        or(
          and(eq(simulatedCharges.state, 'captured'), gte(simulatedCharges.capturedAt, start), lt(simulatedCharges.capturedAt, end)),
          // The processor settles async charges lazily, when asked; one whose time has come is captured for it.
          and(
            eq(simulatedCharges.state, 'processing'),
            eq(simulatedCharges.settlesTo, 'captured'),
            lte(simulatedCharges.settlesAt, now),
            gte(simulatedCharges.settlesAt, start),
            lt(simulatedCharges.settlesAt, end),
          ),
        ),
      ),
    );
  const refunds = await db
    .select({ refund: simulatedRefunds, currency: simulatedCharges.currency })
    .from(simulatedRefunds)
    .innerJoin(simulatedCharges, eq(simulatedCharges.reference, simulatedRefunds.chargeReference))
    .innerJoin(payments, eq(payments.id, simulatedCharges.paymentId))
    .where(and(eq(payments.merchantId, merchantId), gte(simulatedRefunds.createdAt, start), lt(simulatedRefunds.createdAt, end)));

  const schedules = new Map<string, FeeSchedule>();
  const scheduleFor = async (method: PaymentMethod) => {
    let schedule = schedules.get(method);
    if (!schedule) schedules.set(method, (schedule = await getFeeSchedule(db, merchantId, method)));
    return schedule;
  };

  const rows: ReportRow[] = [];
  for (const { charge } of charges) {
    const captured = charge.state === 'captured' ? charge.capturedAmount : charge.amount;
    const fee = computeFee(captured, charge.currency, await scheduleFor(charge.method as PaymentMethod));
    rows.push({
      at: charge.capturedAt ?? charge.settlesAt ?? charge.createdAt,
      date,
      processor_reference: charge.reference,
      type: 'charge',
      amount: formatAmount(captured, charge.currency),
      fee: formatAmount(fee, charge.currency),
      currency: charge.currency,
    });
  }
  for (const { refund, currency } of refunds) {
    rows.push({
      at: refund.createdAt,
      date,
      processor_reference: refund.reference,
      type: 'refund',
      amount: formatAmount(refund.amount, currency),
      fee: formatAmount(0, currency),
      currency,
    });
  }
  rows.sort((a, b) => a.at - b.at || a.processor_reference.localeCompare(b.processor_reference));
  return stringify(rows, { header: true, columns: [...reportColumns] });
}
