import Link from 'next/link';
import { NewPaymentForm, type CurrencyOption, type TestPreset } from '@/components/payments/new-payment-form';
import { PageHeader } from '@/components/ui/card';
import { currencies } from '@/lib/money/currencies';
import { testInputs } from '@/lib/payments/processors/test-inputs';
import { currentUser } from '@/lib/security/current-user';

export const metadata = { title: 'New test payment · Tillpoint' };

const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'BHD'] as const;

export default async function NewPaymentPage() {
  const user = await currentUser();
  if (!user?.permissions.includes('payments:create')) {
    return (
      <>
        <PageHeader title="New test payment" />
        <div role="alert" className="max-w-xl rounded-lg border border-slate-200 bg-white px-6 py-8 shadow-sm">
          <h2 className="text-base font-semibold text-slate-900">Your role cannot create payments</h2>
          <p className="mt-2 text-sm text-slate-600">
            Your role, <span className="font-medium capitalize text-slate-900">{user?.role ?? 'guest'}</span>, can view payments but not create
            them. Owners and developers can create test payments: ask an owner of this account if you need access.
          </p>
          <Link href="/payments" className="mt-4 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500">
            View payments
          </Link>
        </div>
      </>
    );
  }

  // The processors' own table of magic inputs, so every preset is one they really react to.
  const presets: TestPreset[] = testInputs.map((row) => ({
    method: row.method,
    // "(any other token too)" helps in the README's table, not in a one-line select.
    label: row.description.replace(/ \(any other [^)]*\)/, '').replace(/\.$/, ''),
    details: Object.fromEntries(Object.entries(row.input).map(([k, v]) => [k, String(v)])),
    outcome: row.outcome.status === 'failed' ? `fails: ${row.outcome.failureCode}` : 'succeeds',
  }));
  const currencyOptions: CurrencyOption[] = CURRENCIES.map((code) => ({ code, decimals: currencies[code] }));

  return (
    <>
      <PageHeader
        title="New test payment"
        description="Runs through the simulated processors in test mode: the test input you pick decides the outcome."
      />
      <NewPaymentForm presets={presets} currencies={currencyOptions} />
    </>
  );
}
