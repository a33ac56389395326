import { and, eq, sql } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { preparedQuery } from '@/db/sql';
import { simulatedCharges, simulatedRefunds } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { crashPoint } from '@/lib/testing/crash-point';
import type { TestOutcome } from './test-inputs';
import type { ChargeOutcome, PaymentMethod, RefundOutcome } from './types';

/**
 * The simulated processors' own ledger of charges and refunds. It stands for an external
 * system: each call is its own short transaction (never inside, or rolled back with, a
 * Tillpoint transaction),
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
  /** The books' operations on one transaction's handle. */
  const booksOn = (tx: Db) => {
    const find = (paymentId: string): Promise<ChargeRow | undefined> => chargeByPaymentId(tx, { paymentId }).then((rows) => rows[0]);

    /** Moves a processing charge to its decided end state once its time has come. */
    async function settleIfDue(row: ChargeRow): Promise<ChargeRow> {
      if (row.state !== 'processing' || row.settlesAt === null || row.settlesAt > clock.now()) return row;
      const settled =
        row.settlesTo === 'failed'
          ? { state: 'failed' as const }
          : { state: 'captured' as const, capturedAmount: row.amount, capturedAt: row.settlesAt };
      // Compare-and-set on the state: two concurrent verifies settle it once.
      await tx
        .update(simulatedCharges)
        .set(settled)
        .where(and(eq(simulatedCharges.paymentId, row.paymentId), eq(simulatedCharges.state, 'processing')));
      return (await find(row.paymentId))!;
    }

    return {
      /** Records a charge unless one exists for the paymentId; either way returns where it stands. */
      async charge(input: NewCharge): Promise<ChargeOutcome> {
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
        // A new charge comes back from the insert; one that existed (a retried call) is read.
        const [inserted] = await tx.insert(simulatedCharges).values(row).onConflictDoNothing().returning();
        return outcomeOf(inserted ?? (await find(input.paymentId))!);
      },

      async verify(paymentId: string): Promise<ChargeOutcome> {
        const row = await find(paymentId);
        return row ? outcomeOf(await settleIfDue(row)) : { status: 'not_found' };
      },

      /** Captures an authorization; a retry after success returns the captured outcome again. */
      async capture(paymentId: string, amount: number): Promise<ChargeOutcome> {
        assertPositiveMinor(amount);
        const row = await find(paymentId);
        if (!row) return { status: 'not_found' };
        if (row.state === 'authorized') {
          if (amount > row.amount) {
            throw new DomainError('capture_exceeds_authorized', `Cannot capture ${amount}: only ${row.amount} was authorized.`, { param: 'amount' });
          }
          await tx
            .update(simulatedCharges)
            .set({ state: 'captured', capturedAmount: amount, capturedAt: clock.now() })
            .where(and(eq(simulatedCharges.paymentId, paymentId), eq(simulatedCharges.state, 'authorized')));
        }
        return outcomeOf((await find(paymentId))!);
      },

      /** Voids an authorization; any other state is left alone and reported as it is. */
      async cancel(paymentId: string): Promise<ChargeOutcome> {
        const row = await find(paymentId);
        if (!row) return { status: 'not_found' };
        await tx
          .update(simulatedCharges)
          .set({ state: 'voided' })
          .where(and(eq(simulatedCharges.paymentId, paymentId), eq(simulatedCharges.state, 'authorized')));
        return outcomeOf((await find(paymentId))!);
      },

      /** Refunds up to captured − refunded; idempotent per refundId. */
      async refund(input: { paymentId: string; refundId: string; amount: number }): Promise<RefundOutcome> {
        assertPositiveMinor(input.amount);
        const due = await find(input.paymentId);
        if (due) await settleIfDue(due);
        const [existing] = await tx.select().from(simulatedRefunds).where(eq(simulatedRefunds.refundId, input.refundId));
        if (existing) return { status: 'succeeded', reference: existing.reference };
        const charge = await find(input.paymentId);
        if (!charge) return refundFailed('charge_not_found', 'The processor has no charge for this payment.');
        if (charge.state !== 'captured') return refundFailed('charge_not_captured', 'Only a captured charge can be refunded.');
        const remaining = charge.capturedAmount - charge.refundedAmount;
        if (input.amount > remaining) {
          return refundFailed('refund_exceeds_captured', `The refund of ${input.amount} exceeds the ${remaining} left to refund.`);
        }
        await tx
          .update(simulatedCharges)
          .set({ refundedAmount: charge.refundedAmount + input.amount })
          .where(eq(simulatedCharges.reference, charge.reference));
        const reference = newId('sim_re', clock.now());
        await tx
          .insert(simulatedRefunds)
          .values({ reference, refundId: input.refundId, chargeReference: charge.reference, amount: input.amount, createdAt: clock.now() });
        return { status: 'succeeded', reference };
      },
    };
  };

  // Every call runs alone in one transaction: the refund row and the charge's refunded total
  // change together, and nothing of another request's transaction can interleave. Not durable
  // on its own (one fsync less per payment): the caller's next commit, durable, makes it durable
  // with it; a charge lost in a power cut before that is one this processor never took, which
  // the in-flight recovery then finds (verify) and fails, with no money moved on either side.
  const exclusive = <T>(fn: (books: ReturnType<typeof booksOn>) => Promise<T>): Promise<T> =>
    transaction(db, (tx) => fn(booksOn(tx)), { durable: false });
  return {
    charge: async (input: NewCharge) => {
      crashPoint('processor.before_charge');
      const outcome = await exclusive((books) => books.charge(input));
      crashPoint('processor.after_charge');
      return outcome;
    },
    verify: (paymentId: string) => exclusive((books) => books.verify(paymentId)),
    capture: (paymentId: string, amount: number) => exclusive((books) => books.capture(paymentId, amount)),
    cancel: (paymentId: string) => exclusive((books) => books.cancel(paymentId)),
    refund: async (input: { paymentId: string; refundId: string; amount: number }) => {
      crashPoint('processor.before_refund');
      const outcome = await exclusive((books) => books.refund(input));
      crashPoint('processor.after_refund');
      return outcome;
    },
  };
}

// The hot path's lookup, prepared once per connection.
const chargeByPaymentId = preparedQuery('simulated_charge_by_payment', (db) =>
  db.select().from(simulatedCharges).where(eq(simulatedCharges.paymentId, sql.placeholder('paymentId'))),
);

/** Makes a processing charge due now, so the next verify settles it (tests, demo). */
export async function settleChargeNow(db: Db, paymentId: string, at: number): Promise<boolean> {
  const updated = await transaction(db, (tx) =>
    tx
      .update(simulatedCharges)
      .set({ settlesAt: at })
      .where(and(eq(simulatedCharges.paymentId, paymentId), eq(simulatedCharges.state, 'processing')))
      .returning({ paymentId: simulatedCharges.paymentId }),
  );
  return updated.length > 0;
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
