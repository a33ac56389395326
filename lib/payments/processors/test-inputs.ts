import type { PaymentMethod } from './types';

/**
 * Every magic value the simulated processors react to, in one table. The processors read
 * their outcomes from it, the tests iterate it, and the README and dashboard presets are
 * generated from it, so a new row is documented, tested and offered without further edits.
 */
export type TestOutcome =
  | { status: 'succeeded' }
  | { status: 'failed'; failureCode: string; failureMessage: string };

export type TestInput = {
  method: PaymentMethod;
  /** Complete `payment_details` to send; the field named in `outcomeKey` selects the outcome. */
  input: Record<string, string | number>;
  /** Where the charge ends up (bank_transfer and crypto get there after the settle delay). */
  outcome: TestOutcome;
  description: string;
  /** Issuing country a test card reports (default US): feeds the IP-country risk rule. */
  country?: string;
};

/** The `payment_details` field whose value picks a row's outcome, per method. */
export const outcomeKey = {
  credit_card: 'number',
  debit_card: 'number',
  bank_transfer: 'account_number',
  digital_wallet: 'token',
  crypto: 'address',
} as const satisfies Record<PaymentMethod, string>;

/** The documented test routing number (passes the ABA checksum). */
export const TEST_ROUTING_NUMBER = '110000000';

// Any future date works for cards; this one will not expire while the project lives.
const card = (number: string, cvc = '123') => ({ number, exp_month: 12, exp_year: 2099, cvc });
const bank = (account_number: string) => ({ account_number, routing_number: TEST_ROUTING_NUMBER });
const wallet = (token: string, name = 'apple_pay') => ({ wallet: name, token });

const succeeded = { status: 'succeeded' } as const;
const failed = (failureCode: string, failureMessage: string) => ({ status: 'failed', failureCode, failureMessage }) as const;

const declined = failed('card_declined', 'Your card was declined.');
const cardInsufficientFunds = failed('insufficient_funds', 'Your card has insufficient funds.');

export const testInputs: readonly TestInput[] = [
  // Card outcomes follow the number, whichever card method it is sent with.
  { method: 'credit_card', input: card('4242424242424242'), outcome: succeeded, description: 'Visa: succeeds.' },
  { method: 'credit_card', input: card('5555555555554444'), outcome: succeeded, description: 'Mastercard: succeeds.' },
  { method: 'credit_card', input: card('378282246310005', '1234'), outcome: succeeded, description: 'American Express (4-digit CVC): succeeds.' },
  { method: 'credit_card', input: card('6011111111111117'), outcome: succeeded, description: 'Discover: succeeds.' },
  { method: 'credit_card', input: card('4000000000000002'), outcome: declined, description: 'Declined (card_declined).' },
  { method: 'credit_card', input: card('4000000000009995'), outcome: cardInsufficientFunds, description: 'Declined for insufficient funds.' },
  { method: 'credit_card', input: card('4000000000000069'), outcome: failed('expired_card', 'Your card has expired.'), description: 'Declined as expired, whatever expiry date is sent.' },
  { method: 'credit_card', input: card('4000000000000127'), outcome: failed('incorrect_cvc', "Your card's security code is incorrect."), description: 'Declined for an incorrect CVC, whatever CVC is sent.' },
  { method: 'credit_card', input: card('4000000000000119'), outcome: failed('processing_error', 'An error occurred while processing your card. Try again in a little bit.'), description: 'Fails with a processing error.' },
  { method: 'credit_card', input: card('4000000760000002'), outcome: succeeded, country: 'BR', description: 'Visa issued in Brazil: succeeds (for country-mismatch risk checks).' },
  { method: 'credit_card', input: card('4000001240000000'), outcome: succeeded, country: 'CA', description: 'Visa issued in Canada: succeeds.' },
  { method: 'credit_card', input: card('4000008260000000'), outcome: succeeded, country: 'GB', description: 'Visa issued in the United Kingdom: succeeds.' },
  { method: 'debit_card', input: card('4000056655665556'), outcome: succeeded, description: 'Visa debit: succeeds.' },
  { method: 'debit_card', input: card('5200828282828210'), outcome: succeeded, description: 'Mastercard debit: succeeds.' },
  { method: 'debit_card', input: card('4000056655660003'), outcome: declined, description: 'Visa debit: declined (card_declined).' },
  { method: 'debit_card', input: card('4000056655669996'), outcome: cardInsufficientFunds, description: 'Visa debit: declined for insufficient funds.' },

  { method: 'bank_transfer', input: bank('000123456789'), outcome: succeeded, description: 'Processing, then succeeds after the settle delay (any other valid account too).' },
  { method: 'bank_transfer', input: bank('000111111116'), outcome: failed('account_closed', 'The bank account has been closed.'), description: 'Processing, then fails: account closed.' },
  { method: 'bank_transfer', input: bank('000222222227'), outcome: failed('insufficient_funds', 'The bank account has insufficient funds.'), description: 'Processing, then fails: insufficient funds.' },
  { method: 'bank_transfer', input: bank('000333333335'), outcome: failed('no_account', 'The bank account could not be found.'), description: 'Processing, then fails: no such account.' },

  { method: 'digital_wallet', input: wallet('tok_visa'), outcome: succeeded, description: 'Succeeds immediately (any other token too).' },
  { method: 'digital_wallet', input: wallet('tok_declined', 'google_pay'), outcome: failed('wallet_declined', 'The wallet payment was declined.'), description: 'Declined by the wallet.' },
  { method: 'digital_wallet', input: wallet('tok_expired', 'paypal'), outcome: failed('token_expired', 'The wallet token has expired. Ask the customer to pay again.'), description: 'The wallet token has expired.' },
  { method: 'digital_wallet', input: wallet('tok_insufficient'), outcome: failed('insufficient_funds', "The wallet's funding source has insufficient funds."), description: 'Declined for insufficient funds.' },

  { method: 'crypto', input: { network: 'ethereum', address: '0x71C7656EC7ab88b098defB751B7401B5f6d8976F' }, outcome: succeeded, description: 'Processing, then confirmed after the settle delay (any other valid address too).' },
  { method: 'crypto', input: { network: 'bitcoin', address: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' }, outcome: succeeded, description: 'Bitcoin: processing, then confirmed.' },
  { method: 'crypto', input: { network: 'usdc', address: '0x1111111111111111111111111111111111111111' }, outcome: succeeded, description: 'USDC: processing, then confirmed.' },
  { method: 'crypto', input: { network: 'ethereum', address: '0x000000000000000000000000000000000000dEaD' }, outcome: failed('confirmation_timeout', 'The transaction was not confirmed in time.'), description: 'Never confirms: fails when the settle delay ends.' },
  { method: 'crypto', input: { network: 'ethereum', address: '0x0000000000000000000000000000000000000Bad' }, outcome: failed('underpaid', 'The amount received was less than the amount due.'), description: 'Underpaid: fails when the settle delay ends.' },
];

/** Normalizes lookup keys so "4242 4242 ..." and checksum-cased 0x addresses still match. */
export function outcomeLookupKey(value: string): string {
  return value.replace(/ /g, '').toLowerCase();
}

const rowKeys = testInputs.map((row) => outcomeLookupKey(String(row.input[outcomeKey[row.method]])));

/** The row whose key field matches `value` among `methods`' rows, if any. */
export function findTestInput(methods: readonly PaymentMethod[], value: string): TestInput | undefined {
  const key = outcomeLookupKey(value);
  return testInputs.find((row, i) => rowKeys[i] === key && methods.includes(row.method));
}
