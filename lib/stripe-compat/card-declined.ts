import { DomainError } from '@/lib/errors';

/**
 * A confirmation the issuer (or the risk engine) declined. Stripe answers it 402 with the
 * decline's own code (`card_declined`, `expired_card`, `incorrect_cvc`, `processing_error`),
 * a `decline_code`, and the PaymentIntent as it now is (back in `requires_payment_method`),
 * so a client can show the reason and retry with another payment method.
 */
export class CardDeclinedError extends DomainError {
  constructor(
    message: string,
    readonly stripeCode: string,
    readonly declineCode: string | null,
    readonly charge: string,
    readonly paymentIntent: unknown,
  ) {
    super('card_declined', message);
    this.name = 'CardDeclinedError';
  }
}
