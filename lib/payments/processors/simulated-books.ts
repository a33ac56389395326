import { and, eq, sql } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { simulatedCharges, simulatedRefunds } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { crashPoint } from '@/lib/testing/crash-point';
import type { TestOutcome } from './test-inputs';
import type { ChargeOutcome, PaymentMethod, RefundOutcome } from './types';

/**
 * The simulated processors' own ledger of charges and refunds. It stands for an external
 * system: each call is its own short transaction (queued like every write on the shared
 * connection, so it can never land inside, or be rolled back with, a Tillpoint transaction),
 * and every write is idempotent per paymentId or refundId so a retried call after a crash
 * never charges or refunds twice.
 */
export type NewCharge = {
  paymentId: string;
  method: PaymentMethod;
  amount: number;
  currency: string;
  capture: boolean;
  outcome: TestOutcome;
  /** `async` charges stay `processing` until the settle delay has passed. */
  settlement: 'immediate' | 'async';
};

type ChargeRow = typeof simulatedCharges.$inferSelect;

export type SimulatedBooks = ReturnType<typeof createSimulatedBooks>;

export function createSimulatedBooks(db: Db, clock: { now: () => number; asyncSettleMs: number }) {
  // Prepared on first use, not here: processors may be created before migrations have run.
  let chargeByPaymentId: ReturnType<typeof prepareChargeByPaymentId> | undefined;
  const find = (paymentId: string): ChargeRow | undefined => (chargeByPaymentId ??= prepareChargeByPaymentId(db)).get({ paymentId });

  /** Moves a processing charge to its decided end state once its time has come. */
  function settleIfDue(row: ChargeRow): ChargeRow {
    if (row.state !== 'processing' || row.settlesAt === null || row.settlesAt > clock.now()) return row;
    const settled =
      row.settlesTo === 'failed'
        ? { state: 'failed' as const }
        : { state: 'captured' as const, capturedAmount: row.amount, capturedAt: row.settlesAt };
    // Compare-and-set on the state: two concurrent verifies settle it once.
    db.update(simulatedCharges)
      .set(settled)
      .where(and(eq(simulatedCharges.paymentId, row.paymentId), eq(simulatedCharges.state, 'processing')))
      .run();
    return find(row.paymentId)!;
  }

  const books = {
    /** Records a charge unless one exists for the paymentId; either way returns where it stands. */
    charge(input: NewCharge): ChargeOutcome {
      assertPositiveMinor(input.amount);
      const now = clock.now();
      const failure = input.outcome.status === 'failed' ? input.outcome : null;
      const base = {
        reference: newId('sim_ch', now),
        paymentId: input.paymentId,
        method: input.method,
        amount: input.amount,
        currency: input.currency,
        // The fate of an async charge is decided now and revealed when it settles.
        failureCode: failure?.failureCode ?? null,
        failureMessage: failure?.failureMessage ?? null,
        createdAt: now,
      };
      const row =
        input.settlement === 'async'
          ? { ...base, state: 'processing' as const, settlesTo: failure ? ('failed' as const) : ('captured' as const), settlesAt: now + clock.asyncSettleMs }
          : failure
            ? { ...base, state: 'failed' as const }
            : input.capture
              ? { ...base, state: 'captured' as const, capturedAmount: input.amount, capturedAt: now }
              : { ...base, state: 'authorized' as const };
      db.insert(simulatedCharges).values(row).onConflictDoNothing().run();
      return outcomeOf(find(input.paymentId)!);
    },

    verify(paymentId: string): ChargeOutcome {
      const row = find(paymentId);
      return row ? outcomeOf(settleIfDue(row)) : { status: 'not_found' };
    },

    /** Captures an authorization; a retry after success returns the captured outcome again. */
    capture(paymentId: string, amount: number): ChargeOutcome {
      assertPositiveMinor(amount);
      const row = find(paymentId);
      if (!row) return { status: 'not_found' };
      if (row.state === 'authorized') {
        if (amount > row.amount) {
          throw new DomainError('capture_exceeds_authorized', `Cannot capture ${amount}: only ${row.amount} was authorized.`, { param: 'amount' });
        }
        db.update(simulatedCharges)
          .set({ state: 'captured', capturedAmount: amount, capturedAt: clock.now() })
          .where(and(eq(simulatedCharges.paymentId, paymentId), eq(simulatedCharges.state, 'authorized')))
          .run();
      }
      return outcomeOf(find(paymentId)!);
    },

    /** Voids an authorization; any other state is left alone and reported as it is. */
    cancel(paymentId: string): ChargeOutcome {
      const row = find(paymentId);
      if (!row) return { status: 'not_found' };
      db.update(simulatedCharges)
        .set({ state: 'voided' })
        .where(and(eq(simulatedCharges.paymentId, paymentId), eq(simulatedCharges.state, 'authorized')))
        .run();
      return outcomeOf(find(paymentId)!);
    },

    /** Refunds up to captured − refunded; idempotent per refundId. */
    refund(input: { paymentId: string; refundId: string; amount: number }): RefundOutcome {
      assertPositiveMinor(input.amount);
      const due = find(input.paymentId);
      if (due) settleIfDue(due);
      const existing = db.select().from(simulatedRefunds).where(eq(simulatedRefunds.refundId, input.refundId)).get();
      if (existing) return { status: 'succeeded', reference: existing.reference };
      const charge = db.select().from(simulatedCharges).where(eq(simulatedCharges.paymentId, input.paymentId)).get();
      if (!charge) return refundFailed('charge_not_found', 'The processor has no charge for this payment.');
      if (charge.state !== 'captured') return refundFailed('charge_not_captured', 'Only a captured charge can be refunded.');
      const remaining = charge.capturedAmount - charge.refundedAmount;
      if (input.amount > remaining) {
        return refundFailed('refund_exceeds_captured', `The refund of ${input.amount} exceeds the ${remaining} left to refund.`);
      }
      db.update(simulatedCharges)
        .set({ refundedAmount: charge.refundedAmount + input.amount })
        .where(eq(simulatedCharges.reference, charge.reference))
        .run();
      const reference = newId('sim_re', clock.now());
      db.insert(simulatedRefunds)
        .values({ reference, refundId: input.refundId, chargeReference: charge.reference, amount: input.amount, createdAt: clock.now() })
        .run();
      return { status: 'succeeded', reference };
    },
  };

  // Every call runs alone in one transaction: the refund row and the charge's refunded total
  // change together, and nothing of another request's transaction can interleave.
  const exclusive = <T>(fn: () => T): Promise<T> => transaction(db, async () => fn());
  return {
    charge: async (input: NewCharge) => {
      crashPoint('processor.before_charge');
      const outcome = await exclusive(() => books.charge(input));
      crashPoint('processor.after_charge');
      return outcome;
    },
    verify: (paymentId: string) => exclusive(() => books.verify(paymentId)),
    capture: (paymentId: string, amount: number) => exclusive(() => books.capture(paymentId, amount)),
    cancel: (paymentId: string) => exclusive(() => books.cancel(paymentId)),
    refund: async (input: { paymentId: string; refundId: string; amount: number }) => {
      crashPoint('processor.before_refund');
      const outcome = await exclusive(() => books.refund(input));
      crashPoint('processor.after_refund');
      return outcome;
    },
  };
}

function prepareChargeByPaymentId(db: Db) {
  return db.select().from(simulatedCharges).where(eq(simulatedCharges.paymentId, sql.placeholder('paymentId'))).prepare();
}

/** Makes a processing charge due now, so the next verify settles it (tests, demo). */
export async function settleChargeNow(db: Db, paymentId: string, at: number): Promise<boolean> {
  const result = await transaction(db, async () => db
    .update(simulatedCharges)
    .set({ settlesAt: at })
    .where(and(eq(simulatedCharges.paymentId, paymentId), eq(simulatedCharges.state, 'processing')))
    .run());
  return result.changes > 0;
}

function outcomeOf(row: ChargeRow): ChargeOutcome {
  switch (row.state) {
    case 'authorized':
      return { status: 'requires_capture', reference: row.reference };
    case 'captured':
      return { status: 'succeeded', reference: row.reference, capturedAmount: row.capturedAmount };
    case 'processing':
      return { status: 'processing', reference: row.reference };
    case 'voided':
      return { status: 'voided', reference: row.reference };
    case 'failed':
      return {
        status: 'failed',
        reference: row.reference,
        failureCode: row.failureCode ?? 'processing_error',
        failureMessage: row.failureMessage ?? 'The payment failed.',
      };
  }
}

function refundFailed(failureCode: string, failureMessage: string): RefundOutcome {
  return { status: 'failed', reference: null, failureCode, failureMessage };
}

function assertPositiveMinor(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError(`Amount must be a positive integer in minor units: ${amount}`);
}
