import { DomainError } from '@/lib/errors';
import { testInputs, type TestInput } from '@/lib/payments/processors';

/**
 * Stripe's test payment methods, each the Tillpoint test card with the same outcome
 * (lib/payments/processors/test-inputs.ts), so a test written against Stripe behaves alike here.
 */
const testCardNumbers = {
  pm_card_visa: '4242424242424242',
  pm_card_mastercard: '5555555555554444',
  pm_card_amex: '378282246310005',
  pm_card_discover: '6011111111111117',
  pm_card_visa_debit: '4000056655665556',
  pm_card_mastercard_debit: '5200828282828210',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_visa_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_visa_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
  pm_card_chargeDeclinedIncorrectCvc: '4000000000000127',
  pm_card_chargeDeclinedProcessingError: '4000000000000119',
} as const;

export type TestPaymentMethodId = keyof typeof testCardNumbers;
export const testPaymentMethodIds = Object.keys(testCardNumbers) as TestPaymentMethodId[];

export type TestPaymentMethod = { id: TestPaymentMethodId; method: TestInput['method']; details: TestInput['input'] };

const byId = new Map(
  testPaymentMethodIds.map((id) => {
    const row = testInputs.find((input) => input.input.number === testCardNumbers[id]);
    if (!row) throw new Error(`${id}: no test card ${testCardNumbers[id]} in test-inputs.ts`);
    return [id as string, { id, method: row.method, details: row.input }];
  }),
);

/** The test card behind a `pm_card_…` id, or 404 as Stripe answers an unknown PaymentMethod. */
export function testPaymentMethodOrThrow(id: string, param = 'payment_method'): TestPaymentMethod {
  const found = byId.get(id);
  if (!found) {
    throw new DomainError('resource_missing', `No such PaymentMethod: '${id}'. Tillpoint supports Stripe's test payment methods (${testPaymentMethodIds.join(', ')}).`, { param });
  }
  return found;
}
