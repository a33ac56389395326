import { NewPaymentForm, type CurrencyOption, type TestPreset } from '@/components/payments/new-payment-form';
import { PageHeader } from '@/components/ui/card';
import { NoAccess } from '@/components/ui/no-access';
import { currencies } from '@/lib/money/currencies';
import { testInputs } from '@/lib/payments/processors/test-inputs';
import { currentUser } from '@/lib/http/current-user';

export const metadata = { title: 'New test payment · Tillpoint' };

const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'BHD'] as const;

export default async function NewPaymentPage() {
  const user = await currentUser();
  if (!user?.permissions.includes('payments:create')) {
    return (
      <NoAccess title="New test payment" heading="Your role cannot create payments" back={{ href: '/payments', label: 'View payments' }}>
        Your role, <span className="font-medium capitalize text-slate-900">{user?.role ?? 'guest'}</span>, can view payments but not create
        them. Owners and developers can create test payments: ask an owner of this account if you need access.
      </NoAccess>
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
