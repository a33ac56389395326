import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { transaction, type Db } from '@/db/client';
import { events, paymentEvents, paymentStatuses, payments, type PaymentStatus } from '@/db/schema';
import { approveReview, rejectReview } from '@/lib/review-queue/decide-review';
import { updateRiskSettings } from '@/lib/risk/settings';
import { dbWithMerchant } from '@/tests/test-db';
import { cancelPayment } from './cancel-payment';
import { capturePayment } from './capture-payment';
import { createPayment } from './create-payment';
import { getPaymentById, type Payment } from './payment-store';
import { refundPayment } from './refund-payment';
import type { CreatePaymentBody } from './schemas';
import { canTransition } from './state-machine';
import { IllegalPaymentTransition, transitionPayment } from './transition-payment';

const card = (number = '4242424242424242') => ({ number, exp_month: 12, exp_year: 2099, cvc: '123' });

/** One payment in each status, made through the real services. */
async function paymentsInEveryStatus(db: Db, merchantId: string): Promise<Record<PaymentStatus, Payment>> {
  const pay = (body: Partial<CreatePaymentBody>) =>
    createPayment(db, { merchantId, body: { amount: '10.00', currency: 'USD', method: 'credit_card', payment_details: card(), ...body } });
  const success = await pay({});
  const failed = await pay({ payment_details: card('4000000000000002') });
  const requiresCapture = await pay({ capture: false });
  const processing = await pay({ method: 'bank_transfer', payment_details: { account_number: '000123456789', routing_number: '110000000' } });
  const cancelled = await cancelPayment(db, { merchantId, paymentId: (await pay({ capture: false })).id, actor: 'test' });
  await updateRiskSettings(db, merchantId, { review_threshold: 0, block_threshold: 1 });
  const pending = await pay({ customer_id: 'cus_held' });
  await updateRiskSettings(db, merchantId, { review_threshold: 0.7, block_threshold: 0.8 });
  const byStatus = { success, failed, requires_capture: requiresCapture, processing, cancelled, pending };
  for (const [status, payment] of Object.entries(byStatus)) expect(payment.status).toBe(status);
  return byStatus;
}

describe('payment status changes', () => {
  it('allows exactly the state machine’s moves, each with its timeline row and events', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const byStatus = await paymentsInEveryStatus(db, merchantId);
    for (const from of paymentStatuses) {
      for (const to of paymentStatuses) {
        const payment = await getPaymentById(db, byStatus[from].id);
        const before = await db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, payment.id));
        const move = transaction(db, (tx) =>
          transitionPayment(tx, payment, { to, timeline: { type: 'test.move', message: `${from} → ${to}` }, events: ['payment.failed'] }, Date.now()),
        );
        if (canTransition(from, to)) {
          await expect(move).resolves.toMatchObject({ status: to });
          const after = await db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, payment.id));
          expect(after.length).toBe(before.length + 1);
          // Put it back for the next pair (a test-only write of the row itself).
          await transaction(db, (tx) => tx.update(payments).set({ status: from }).where(eq(payments.id, payment.id)));
        } else {
          await expect(move).rejects.toBeInstanceOf(IllegalPaymentTransition);
          const after = await db.select().from(paymentEvents).where(eq(paymentEvents.paymentId, payment.id));
          expect(after.length).toBe(before.length);
          expect((await getPaymentById(db, payment.id)).status).toBe(from);
        }
      }
    }
  });

  it('refuses a move made from a stale read: two writers never both move a payment', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const authorized = await createPayment(db, { merchantId, body: { amount: '10.00', currency: 'USD', method: 'credit_card', capture: false, payment_details: card() } });
    const move = () =>
      transaction(db, (tx) => transitionPayment(tx, authorized, { to: 'processing', timeline: { type: 't', message: 'm' } }, Date.now()));
    await move();
    const eventsBefore = (await db.select().from(events)).length;
    await expect(move()).rejects.toThrow(/status changed meanwhile/);
    expect((await db.select().from(events)).length).toBe(eventsBefore);
  });

  it('refuses every command from every status the command does not start from, changing nothing', async () => {
    const { db, merchantId } = await dbWithMerchant();
    const byStatus = await paymentsInEveryStatus(db, merchantId);
    const reviewOf = async (p: Payment) => (await db.query.reviews.findFirst({ where: (r, { eq }) => eq(r.paymentId, p.id) }))?.id ?? 'rev_none';
    const commands: Record<string, { allowedFrom: PaymentStatus[]; run: (p: Payment) => Promise<unknown> }> = {
      capture: { allowedFrom: ['requires_capture'], run: (p) => capturePayment(db, { merchantId, paymentId: p.id }) },
      cancel: { allowedFrom: ['pending', 'requires_capture'], run: (p) => cancelPayment(db, { merchantId, paymentId: p.id, actor: 'test' }) },
      refund: { allowedFrom: ['success'], run: (p) => refundPayment(db, { merchantId, paymentId: p.id }) },
      approve: { allowedFrom: ['pending'], run: async (p) => approveReview(db, { merchantId, reviewId: await reviewOf(p), actor: 'test' }) },
      reject: { allowedFrom: ['pending'], run: async (p) => rejectReview(db, { merchantId, reviewId: await reviewOf(p), actor: 'test', reason: 'no' }) },
    };
    for (const [name, command] of Object.entries(commands)) {
      for (const status of paymentStatuses) {
        if (command.allowedFrom.includes(status)) continue;
        const before = await getPaymentById(db, byStatus[status].id);
        const eventCount = (await db.select().from(events)).length;
        await expect(command.run(before), `${name} from ${status}`).rejects.toMatchObject({
          code: expect.stringMatching(/^(payment_state_invalid|resource_missing)$/),
        });
        expect(await getPaymentById(db, before.id), `${name} from ${status}`).toEqual(before);
        expect((await db.select().from(events)).length).toBe(eventCount);
      }
    }
  });

  it('has one door: no module outside lib/payments writes the payments table, and only rollups.ts its rollups', () => {
    const root = path.resolve(__dirname, '..', '..');
    const writers: string[] = [];
    const rollupWriters: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) {
          if (name !== 'node_modules' && !name.startsWith('.')) walk(file);
        } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) {
          const text = readFileSync(file, 'utf8');
          if (/\.(update|insert|delete)\(payments\)/.test(text)) writers.push(path.relative(root, file));
          if (/\.(update|insert|delete)\(paymentRollups\)/.test(text)) rollupWriters.push(path.relative(root, file));
        }
      }
    };
    for (const dir of ['lib', 'app', 'scripts', 'components']) walk(path.join(root, dir));
    expect(writers.sort()).toEqual(['lib/payments/create-payment.ts', 'lib/payments/transition-payment.ts']);
    expect(rollupWriters).toEqual(['lib/rollups/payment-rollups.ts']);
  });
});
