import type { z } from 'zod';
import type { StoredPaymentDetails } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { parseDetails } from './payment-details';
import type { SimulatedBooks } from './simulated-books';
import type { TestOutcome } from './test-inputs';
import type { PaymentMethod, Processor } from './types';

/** What differs between the simulated methods; the lifecycle is shared. */
export type SimulatedMethod<S extends z.ZodType> = {
  method: PaymentMethod;
  detailsSchema: S;
  supportsManualCapture: boolean;
  /** `async`: the charge is `processing` until the settle delay passes (bank, crypto). */
  settlement: 'immediate' | 'async';
  /** Checks beyond the schema, and what Tillpoint may keep. */
  describe(details: z.output<S>, now: Date): { stored: StoredPaymentDetails; fingerprint: string | null };
  /** The deterministic outcome for these details, from the test-input table. */
  decide(details: z.output<S>): TestOutcome;
};

export function createSimulatedProcessor<S extends z.ZodType>(spec: SimulatedMethod<S>, books: SimulatedBooks): Processor {
  return {
    method: spec.method,
    supportsManualCapture: spec.supportsManualCapture,
    detailsSchema: spec.detailsSchema,
    describe: (details, now) => spec.describe(parseDetails(spec.detailsSchema, details), now),
    async process(input) {
      // The service checks supportsManualCapture first; this guards a caller that did not.
      if (!input.capture && !spec.supportsManualCapture) {
        throw new DomainError('parameter_invalid', 'capture=false is only supported for card payments.', { param: 'capture' });
      }
      const outcome = spec.decide(parseDetails(spec.detailsSchema, input.details));
      return books.charge({
        paymentId: input.paymentId,
        method: spec.method,
        amount: input.amount,
        currency: input.currency,
        capture: input.capture,
        outcome,
        settlement: spec.settlement,
      });
    },
    verify: async (paymentId) => books.verify(paymentId),
    capture: async (paymentId, amount) => books.capture(paymentId, amount),
    cancel: async (paymentId) => books.cancel(paymentId),
    refund: async (input) => books.refund(input),
  };
}
