import type { z } from 'zod';
import type { PaymentMethod, StoredPaymentDetails } from '@/db/schema';

export type { PaymentMethod };

/** Where a charge stands at the processor. */
export type ChargeOutcome =
  | { status: 'succeeded'; reference: string; capturedAmount: number }
  | { status: 'requires_capture'; reference: string }
  | { status: 'processing'; reference: string }
  | { status: 'failed'; reference: string | null; failureCode: string; failureMessage: string }
  | { status: 'voided'; reference: string }
  | { status: 'not_found' };

export type ChargeInput = {
  paymentId: string; // sent as the processor's idempotency key
  amount: number; // minor units
  currency: string;
  capture: boolean; // false: authorize only (card methods)
  details: unknown; // the parsed payment_details, including secrets; never stored by us
};

export type RefundOutcome =
  | { status: 'succeeded'; reference: string }
  | { status: 'failed'; reference: string | null; failureCode: string; failureMessage: string };

/**
 * A payment processor, one per method. Lifecycle limits (capture ≤ authorized, refund ≤
 * captured − refunded) are checked by the payment service before a processor is called.
 */
export interface Processor {
  readonly method: PaymentMethod;
  /** Whether `capture: false` (authorize now, capture later) is possible; the service checks. */
  readonly supportsManualCapture: boolean;
  /** Validates `payment_details`; its issues become 400 errors. */
  readonly detailsSchema: z.ZodType;
  /**
   * Checks what the schema cannot (Luhn, expiry, CVC length...) and returns what Tillpoint
   * keeps: never a full card or account number. Throws DomainError on invalid input.
   */
  describe(details: unknown, now: Date): { stored: StoredPaymentDetails; fingerprint: string | null };
  /** Charge (or authorize). Idempotent per paymentId. */
  process(input: ChargeInput): Promise<ChargeOutcome>;
  /** Where a charge stands now; resolves `processing` charges whose time has come. */
  verify(paymentId: string): Promise<ChargeOutcome>;
  /** Capture an authorized charge (amount ≤ authorized). */
  capture(paymentId: string, amount: number): Promise<ChargeOutcome>;
  /** Release an authorization. */
  cancel(paymentId: string): Promise<ChargeOutcome>;
  /** Refund part or all of a captured charge. Idempotent per refundId. */
  refund(input: { paymentId: string; refundId: string; amount: number }): Promise<RefundOutcome>;
}
