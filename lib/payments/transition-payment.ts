import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { placeholders, preparedQuery } from '@/db/sql';
import { payments, type PaymentStatus } from '@/db/schema';
import type { EventType } from '@/lib/events/event-types';
import { emitEvent } from '@/lib/events/events';
import { addPaymentEvent, type Payment } from './payment-store';
import { rollUpPayment, rollUpRefund } from '@/lib/rollups/payment-rollups';
import { serializePayment } from './serialize';
import { canTransition } from './state-machine';

/** Columns a status change may set beside the status itself. */
type PaymentChanges = Partial<Pick<Payment, 'amountCaptured' | 'fee' | 'processorReference' | 'failureCode' | 'failureMessage' | 'sealedDetails'>>;

export type Transition = {
  to: PaymentStatus;
  changes?: PaymentChanges;
  /** The row on the payment's own timeline (what the dashboard shows). */
  timeline: { type: string; message: string; data?: Record<string, unknown> };
  /** Outbox events to emit with the changed payment, in order. */
  events?: EventType[];
};

export class IllegalPaymentTransition extends Error {
  constructor(payment: Pick<Payment, 'id' | 'status'>, to: PaymentStatus, reason = 'not allowed by the state machine') {
    super(`Illegal payment transition ${payment.status} → ${to} for ${payment.id}: ${reason}`);
    this.name = 'IllegalPaymentTransition';
  }
}

type StatusUpdate = ReturnType<typeof prepareStatusUpdate>;
const statusUpdates = new Map<string, StatusUpdate>();

/** The compare-and-set of a transition that sets `columns`, prepared once per set of columns (one per kind of transition). */
function prepareStatusUpdate(columns: string[]) {
  return preparedQuery(`payment_transition:${columns.join(',')}`, (db) =>
    db
      .update(payments)
      .set(placeholders([...columns, 'status', 'updatedAt']) as unknown as Partial<Payment>)
      .where(and(eq(payments.id, sql.placeholder('id')), eq(payments.status, sql.placeholder('from'))))
      .returning(),
  );
}

function statusUpdate(changes: PaymentChanges): StatusUpdate {
  // As drizzle's `set`, a change left undefined is no change.
  const columns = Object.keys(changes).filter((column) => changes[column as keyof PaymentChanges] !== undefined).sort();
  const key = columns.join(',');
  let update = statusUpdates.get(key);
  if (!update) {
    update = prepareStatusUpdate(columns);
    statusUpdates.set(key, update);
  }
  return update;
}

/**
 * The one way a payment's status changes: checks the state machine, writes the row only if it
 * still has the status the caller read (so two writers can never both move it), then records
 * the timeline row and the outbox events in the same transaction.
 */
export async function transitionPayment(tx: Db, payment: Payment, transition: Transition, now: number): Promise<Payment> {
  const { to } = transition;
  if (!canTransition(payment.status, to)) throw new IllegalPaymentTransition(payment, to);
  const changes = transition.changes ?? {};
  const [updated] = await statusUpdate(changes)(tx, { ...changes, status: to, updatedAt: now, id: payment.id, from: payment.status });
  if (!updated) throw new IllegalPaymentTransition(payment, to, 'its status changed meanwhile');
  // Only a transition changes a status or a captured amount, and only here: `payment` is the row as it was.
  await rollUpPayment(tx, payment, updated);
  const { type, message, data = {} } = transition.timeline;
  await addPaymentEvent(tx, payment.id, type, message, data, now);
  // Refunds exist only for a `success` payment, which never moves again: the events carry none.
  for (const event of transition.events ?? []) await emitEvent(tx, payment.merchantId, event, serializePayment(updated, []), now);
  return updated;
}

/** A refund that succeeded raises what the payment has refunded (and the fee it returned). */
export async function addRefundedAmount(tx: Db, paymentId: string, amount: number, feeReturned: number, now: number): Promise<void> {
  const [updated] = await tx
    .update(payments)
    .set({ amountRefunded: sql`${payments.amountRefunded} + ${amount}`, feeRefunded: sql`${payments.feeRefunded} + ${feeReturned}`, updatedAt: now })
    .where(eq(payments.id, paymentId))
    .returning();
  if (updated) await rollUpRefund(tx, updated, amount);
}
