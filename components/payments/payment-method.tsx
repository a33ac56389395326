export const methodLabels: Record<string, string> = {
  credit_card: 'Credit card',
  debit_card: 'Debit card',
  bank_transfer: 'Bank transfer',
  digital_wallet: 'Digital wallet',
  crypto: 'Crypto',
};

type Details = Record<string, string | number | null | undefined>;

export const brandLabels: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  unknown: 'Card',
};

const shortBrandLabels: Record<string, string> = { ...brandLabels, amex: 'Amex' };

export const walletLabels: Record<string, string> = { apple_pay: 'Apple Pay', google_pay: 'Google Pay', paypal: 'PayPal' };

export const networkLabels: Record<string, string> = { bitcoin: 'Bitcoin', ethereum: 'Ethereum', usdc: 'USDC' };

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** The short name of what paid: "Visa", "Apple Pay", "Ethereum", "Bank transfer". */
export function methodName(method: string, details: Details, short = false): string {
  if (method === 'credit_card' || method === 'debit_card') return (short ? shortBrandLabels : brandLabels)[text(details.brand)] ?? 'Card';
  if (method === 'digital_wallet') return walletLabels[text(details.wallet)] ?? methodLabels[method];
  if (method === 'crypto') return networkLabels[text(details.network)] ?? methodLabels[method];
  return methodLabels[method] ?? method;
}

/** The identifying tail, if the method has one: "•••• 4242" or a shortened address. */
export function methodTail(method: string, details: Details): string {
  if (details.last4) return `•••• ${text(details.last4)}`;
  if (method === 'crypto' && details.address) return text(details.address);
  return '';
}

/** One line for tables: brand or wallet, and the last four digits where there are some. */
export function PaymentMethodSummary({ method, details, short = false }: { method: string; details: Details; short?: boolean }) {
  const tail = methodTail(method, details);
  return (
    <span className="inline-flex items-baseline gap-2">
      <span className="font-medium text-slate-800">{methodName(method, details, short)}</span>
      {tail && <span className="font-mono text-xs tabular-nums text-slate-500">{tail}</span>}
    </span>
  );
}
