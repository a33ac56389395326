'use client';

import Link from 'next/link';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/components/api';
import { formatDateTime } from '@/components/dates';
import { formatMoney } from '@/lib/money/money';
import { useCreatePayment, type CreatePaymentInput, type PaymentDetail, type PaymentMethod } from '@/components/hooks/payments';
import { apiErrorMessage } from '@/components/ui/api-error-message';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/states';
import { CopyButton } from './copy-button';
import { methodLabels, methodName, methodTail, networkLabels, walletLabels } from './payment-method';

export type TestPreset = { method: PaymentMethod; label: string; details: Record<string, string>; outcome: string };
export type CurrencyOption = { code: string; decimals: number };

type DetailField = { key: string; label: string; span: 2 | 3 | 4 | 6; options?: Record<string, string>; mono?: boolean; inputMode?: 'numeric' };

// Static class names (Tailwind only sees whole strings) for a six-column field grid.
const spans = { 2: 'col-span-2', 3: 'col-span-3', 4: 'col-span-4', 6: 'col-span-6' } as const;

const cardFields: DetailField[] = [
  { key: 'number', label: 'Card number', span: 6, mono: true, inputMode: 'numeric' },
  { key: 'exp_month', label: 'Expiry month', span: 2, inputMode: 'numeric' },
  { key: 'exp_year', label: 'Expiry year', span: 2, inputMode: 'numeric' },
  { key: 'cvc', label: 'CVC', span: 2, inputMode: 'numeric' },
];

const detailFields: Record<PaymentMethod, DetailField[]> = {
  credit_card: cardFields,
  debit_card: cardFields,
  bank_transfer: [
    { key: 'account_number', label: 'Account number', span: 3, mono: true, inputMode: 'numeric' },
    { key: 'routing_number', label: 'Routing number', span: 3, mono: true, inputMode: 'numeric' },
  ],
  digital_wallet: [
    { key: 'wallet', label: 'Wallet', span: 2, options: walletLabels },
    { key: 'token', label: 'Wallet token', span: 4, mono: true },
  ],
  crypto: [
    { key: 'network', label: 'Network', span: 2, options: networkLabels },
    { key: 'address', label: 'Address', span: 4, mono: true },
  ],
};

const methods = Object.keys(detailFields) as PaymentMethod[];
const isCard = (method: PaymentMethod) => method === 'credit_card' || method === 'debit_card';

/** A sensible starting amount per number of decimals (JPY has none, BHD three). */
const defaultAmounts: Record<number, string> = { 0: '2500', 2: '25.00', 3: '10.000' };

const CUSTOM = 'custom';

const sameDetails = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

export function NewPaymentForm({ presets, currencies }: { presets: TestPreset[]; currencies: CurrencyOption[] }) {
  const presetsFor = (method: PaymentMethod) => presets.filter((p) => p.method === method);
  const firstDetails = (method: PaymentMethod) => ({ ...(presetsFor(method)[0]?.details ?? {}) });

  const [amount, setAmount] = useState(defaultAmounts[currencies[0].decimals]);
  const [currency, setCurrency] = useState(currencies[0].code);
  const [method, setMethod] = useState<PaymentMethod>('credit_card');
  const [details, setDetails] = useState<Record<string, string>>(() => firstDetails('credit_card'));
  const [customerId, setCustomerId] = useState('');
  const [customerEmail, setCustomerEmail] = useState('');
  const [description, setDescription] = useState('');
  const [capture, setCapture] = useState(true);
  const [errors, setErrors] = useState<{ field: string | null; message: string } | null>(null);
  const [results, setResults] = useState<PaymentDetail[]>([]);
  const create = useCreatePayment();
  const formRef = useRef<HTMLFormElement>(null);
  const resultHeadingId = useId();

  const methodPresets = presetsFor(method);
  const presetIndex = methodPresets.findIndex((p) => sameDetails(p.details, details));
  const decimalsOf = (code: string) => currencies.find((c) => c.code === code)?.decimals ?? 2;

  const fieldError = (field: string) => (errors?.field === field ? errors.message : null);

  function changeCurrency(code: string) {
    // An untouched default amount follows the currency, so JPY does not start at "25.00".
    if (amount === defaultAmounts[decimalsOf(currency)]) setAmount(defaultAmounts[decimalsOf(code)]);
    setCurrency(code);
  }

  function changeMethod(next: PaymentMethod) {
    setMethod(next);
    setDetails(firstDetails(next));
    setErrors(null);
  }

  function choosePreset(value: string) {
    if (value === CUSTOM) return;
    setDetails({ ...methodPresets[Number(value)].details });
    setErrors(null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setErrors(null);
    const body: CreatePaymentInput = {
      amount: amount.trim(),
      currency,
      method,
      payment_details: Object.fromEntries(Object.entries(details).map(([k, v]) => [k, v.trim()])),
      ...(customerId.trim() && { customer_id: customerId.trim() }),
      ...(customerEmail.trim() && { customer_email: customerEmail.trim() }),
      ...(description.trim() && { description: description.trim() }),
      ...(isCard(method) && { capture }),
    };
    create.mutate(body, {
      onSuccess: (payment) => setResults((previous) => [payment, ...previous].slice(0, 6)),
      onError: (error) => {
        // The API names the offending field ("amount", "payment_details.number"): point at it.
        const param = error instanceof ApiRequestError ? error.param : undefined;
        const control = param ? formRef.current?.elements.namedItem(param) : null;
        setErrors({ field: control ? param! : null, message: apiErrorMessage(error) });
        if (control instanceof HTMLElement) control.focus();
      },
    });
  }

  const [latest, ...earlier] = results;

  return (
    <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-5">
      <form ref={formRef} onSubmit={submit} noValidate aria-label="New test payment" className="rounded-lg border border-slate-200 bg-white shadow-sm xl:col-span-3">
        <div className="space-y-6 p-6">
          {errors && (
            <Notice tone="error">
              {errors.field ? (
                <>
                  <span className="font-medium">The payment was not created.</span> Check the highlighted field.
                </>
              ) : (
                errors.message
              )}
            </Notice>
          )}

          <fieldset className="space-y-4">
            <legend className="text-sm font-semibold text-slate-900">Payment</legend>
            <div className="grid grid-cols-3 gap-4">
              <TextField
                label="Amount"
                name="amount"
                inputMode="decimal"
                autoComplete="off"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                error={fieldError('amount')}
                hint={`Major units, e.g. ${defaultAmounts[decimalsOf(currency)]}`}
                className="col-span-2 [&_input]:tabular-nums"
              />
              <SelectField
                label="Currency"
                name="currency"
                value={currency}
                onChange={(e) => changeCurrency(e.target.value)}
                options={currencies.map((c) => ({ value: c.code, label: c.code }))}
                error={fieldError('currency')}
              />
            </div>
            <TextField
              label="Description"
              name="description"
              placeholder="Optional, e.g. Order #1042"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              error={fieldError('description')}
            />
          </fieldset>

          <fieldset className="space-y-4 border-t border-slate-100 pt-6">
            <legend className="sr-only">Payment method</legend>
            <p aria-hidden className="text-sm font-semibold text-slate-900">
              Payment method
            </p>
            <MethodPicker value={method} onChange={changeMethod} error={fieldError('method')} />
            <SelectField
              label="Test input"
              value={presetIndex === -1 ? CUSTOM : String(presetIndex)}
              onChange={(e) => choosePreset(e.target.value)}
              options={[
                ...methodPresets.map((p, i) => ({ value: String(i), label: p.label })),
                ...(presetIndex === -1 ? [{ value: CUSTOM, label: 'Custom values' }] : []),
              ]}
              hint={presetIndex === -1 ? 'Your own values: the simulated processor decides.' : `Outcome: ${methodPresets[presetIndex].outcome}`}
            />
            <div className="grid grid-cols-6 gap-4">
              {detailFields[method].map((f) => {
                const name = `payment_details.${f.key}`;
                const common = {
                  label: f.label,
                  name,
                  value: details[f.key] ?? '',
                  error: fieldError(name),
                  className: spans[f.span],
                };
                const onChange = (value: string) => setDetails((d) => ({ ...d, [f.key]: value }));
                return f.options ? (
                  <SelectField
                    key={f.key}
                    {...common}
                    onChange={(e) => onChange(e.target.value)}
                    options={Object.entries(f.options).map(([value, label]) => ({ value, label }))}
                  />
                ) : (
                  <TextField
                    key={f.key}
                    {...common}
                    onChange={(e) => onChange(e.target.value)}
                    inputMode={f.inputMode}
                    autoComplete="off"
                    spellCheck={false}
                    className={`${common.className} ${f.mono ? '[&_input]:font-mono' : ''}`}
                  />
                );
              })}
            </div>
            {isCard(method) && (
              <label className="flex items-start gap-3 text-sm">
                <input
                  type="checkbox"
                  name="capture"
                  checked={capture}
                  onChange={(e) => setCapture(e.target.checked)}
                  className="mt-0.5 h-4 w-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                />
                <span>
                  <span className="font-medium text-slate-900">Capture immediately</span>
                  <span className="block text-slate-500">Uncheck to only authorize; capture it later from the payment page.</span>
                </span>
              </label>
            )}
          </fieldset>

          <fieldset className="space-y-4 border-t border-slate-100 pt-6">
            <legend className="sr-only">Customer</legend>
            <p aria-hidden className="text-sm font-semibold text-slate-900">
              Customer <span className="font-normal text-slate-500">(optional)</span>
            </p>
            <div className="grid grid-cols-2 gap-4">
              <TextField
                label="Customer ID"
                name="customer_id"
                placeholder="cus_123"
                autoComplete="off"
                value={customerId}
                onChange={(e) => setCustomerId(e.target.value)}
                error={fieldError('customer_id')}
              />
              <TextField
                label="Customer email"
                name="customer_email"
                type="email"
                placeholder="jane@example.com"
                autoComplete="off"
                value={customerEmail}
                onChange={(e) => setCustomerEmail(e.target.value)}
                error={fieldError('customer_email')}
              />
            </div>
          </fieldset>
        </div>
        <div className="flex items-center justify-end gap-3 rounded-b-lg border-t border-slate-100 bg-slate-50 px-6 py-4">
          <p className="mr-auto text-xs text-slate-500">Test mode: no real money moves.</p>
          <Button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating payment…' : 'Create payment'}
          </Button>
        </div>
      </form>

      <section aria-labelledby={resultHeadingId} className="space-y-4 xl:sticky xl:top-8 xl:col-span-2">
        <h2 id={resultHeadingId} className="text-sm font-semibold text-slate-900">
          Result
        </h2>
        <div aria-live="polite" className="space-y-4">
          {latest ? (
            <PaymentResult payment={latest} />
          ) : (
            <div className="rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center text-sm text-slate-500">
              Create a payment to see its outcome here.
            </div>
          )}
        </div>
        {earlier.length > 0 && (
          <div>
            <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Earlier</h3>
            <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm shadow-sm">
              {earlier.map((p) => (
                <li key={p.id} className="flex items-center justify-between gap-3 px-4 py-2.5">
                  <span className="tabular-nums font-medium text-slate-900">{formatMoney(p.amount, p.currency)}</span>
                  <StatusBadge status={p.status} />
                  <Link href={`/payments/${p.id}`} className="ml-auto truncate font-mono text-xs text-indigo-600 hover:underline">
                    {p.id}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
    </div>
  );
}

const methodShortLabels: Record<PaymentMethod, string> = {
  credit_card: 'Credit card',
  debit_card: 'Debit card',
  bank_transfer: 'Bank transfer',
  digital_wallet: 'Wallet',
  crypto: 'Crypto',
};

/** A segmented control: five real radio buttons, so arrow keys move between methods. */
function MethodPicker({ value, onChange, error }: { value: PaymentMethod; onChange: (method: PaymentMethod) => void; error: string | null }) {
  return (
    <fieldset>
      <legend className="mb-1 block text-sm font-medium text-slate-700">Method</legend>
      <div className="grid grid-cols-5 gap-0.5 rounded-md bg-slate-100 p-0.5 ring-1 ring-inset ring-slate-200">
        {methods.map((m) => (
          <label key={m} className="relative">
            <input type="radio" name="method" value={m} checked={value === m} onChange={() => onChange(m)} className="peer absolute inset-0 z-10 m-0 h-full w-full cursor-pointer appearance-none opacity-0" />
            <span className="block cursor-pointer whitespace-nowrap rounded px-1 py-1.5 text-center text-sm font-medium text-slate-600 transition peer-checked:bg-white peer-checked:text-slate-900 peer-checked:shadow-sm peer-focus-visible:outline-2 peer-focus-visible:outline-offset-1 peer-focus-visible:outline-indigo-600 hover:text-slate-900">
              {methodShortLabels[m]}
            </span>
          </label>
        ))}
      </div>
      {error && <p className="mt-1 text-xs text-rose-600">{error}</p>}
    </fieldset>
  );
}

/** What happened to the payment just created, in the words a person needs next. */
function PaymentResult({ payment }: { payment: PaymentDetail }) {
  const money = formatMoney(payment.amount, payment.currency);
  const next: Record<string, string> = {
    success: `${formatMoney(payment.amount_captured, payment.currency)} captured.`,
    requires_capture: 'Authorized: capture or cancel it from the payment page.',
    processing: `${methodLabels[payment.method] ?? 'This'} payments settle after a delay; the payment page shows the outcome.`,
    pending: `Held for manual review (risk score ${payment.risk.score.toFixed(2)}): approve or reject it in Reviews.`,
    cancelled: 'The payment was cancelled.',
  };
  return (
    <article aria-label="Created payment" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="flex items-start justify-between gap-3">
        <div>
          <p className="text-2xl font-semibold tabular-nums tracking-tight text-slate-900">
            {money} <span className="text-base font-normal text-slate-400">{payment.currency}</span>
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {methodName(payment.method, payment.payment_details)}{' '}
            <span className="font-mono text-xs text-slate-500">{methodTail(payment.method, payment.payment_details)}</span>
          </p>
          <p className="mt-0.5 text-xs text-slate-500">
            <time dateTime={payment.created}>{formatDateTime(payment.created)}</time>
          </p>
        </div>
        <StatusBadge status={payment.status} />
      </div>
      <div className="mt-4">
        {payment.status === 'failed' ? (
          <Notice tone="error">
            <span className="font-medium">{payment.failure_message ?? 'The payment failed.'}</span>
            {payment.failure_code && <span className="ml-2 font-mono text-xs">{payment.failure_code}</span>}
          </Notice>
        ) : (
          <p className="text-sm text-slate-600">{next[payment.status]}</p>
        )}
      </div>
      <div className="mt-4 flex items-center justify-between gap-3 border-t border-slate-100 pt-4">
        <Link href={`/payments/${payment.id}`} className="min-w-0 truncate font-mono text-xs font-medium text-indigo-600 hover:text-indigo-500 hover:underline">
          {payment.id}
        </Link>
        <CopyButton value={payment.id} label="Copy payment ID" />
      </div>
    </article>
  );
}
