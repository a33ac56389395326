import { testInputs } from '@/lib/payments/processors/test-inputs';

const methodLabels: Record<string, string> = {
  credit_card: 'Credit card',
  debit_card: 'Debit card',
  bank_transfer: 'Bank transfer',
  digital_wallet: 'Digital wallet',
  crypto: 'Crypto',
};

function describeInput(input: Record<string, string | number>): string {
  return String(input.number ?? input.account_number ?? input.token ?? input.address);
}

const quickstart = `curl -X POST http://localhost:3000/api/v1/payments \\
  -H "Authorization: Bearer $TILLPOINT_KEY" \\
  -H "Idempotency-Key: order-1001" \\
  -H "Content-Type: application/json" \\
  -d '{"amount": "125.50", "currency": "USD", "method": "credit_card",
       "payment_details": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}}'`;

export default function HomePage() {
  return (
    <main className="mx-auto max-w-5xl px-6 py-12">
      <header className="mb-10">
        <h1 className="text-3xl font-semibold tracking-tight">Tillpoint</h1>
        <p className="mt-2 max-w-2xl text-slate-600">
          Self-hostable payments: one REST API for cards, bank transfers, wallets and crypto, with risk scoring, a
          double-entry ledger and idempotent requests. The merchant dashboard sign-in is on its way; the API is live.
        </p>
      </header>

      <section aria-labelledby="quickstart" className="mb-10">
        <h2 id="quickstart" className="mb-3 text-lg font-semibold">
          Quickstart
        </h2>
        <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm text-slate-100">
          <code>{quickstart}</code>
        </pre>
      </section>

      <section aria-labelledby="test-inputs">
        <h2 id="test-inputs" className="mb-3 text-lg font-semibold">
          Test inputs
        </h2>
        <p className="mb-4 text-sm text-slate-600">
          The simulated processors answer deterministically. Bank transfers and crypto stay <code>processing</code>{' '}
          until they settle (or <code>POST /api/v1/test_helpers/payments/:id/advance</code>).
        </p>
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <table aria-label="Test inputs" className="w-full text-left text-sm">
            <thead className="bg-slate-100 text-slate-600">
              <tr>
                <th className="px-4 py-2 font-medium">Method</th>
                <th className="px-4 py-2 font-medium">Input</th>
                <th className="px-4 py-2 font-medium">Outcome</th>
                <th className="px-4 py-2 font-medium">Notes</th>
              </tr>
            </thead>
            <tbody>
              {testInputs.map((row) => (
                <tr key={`${row.method}-${describeInput(row.input)}`} className="border-t border-slate-100">
                  <td className="px-4 py-2 whitespace-nowrap">{methodLabels[row.method]}</td>
                  <td className="px-4 py-2 font-mono text-xs">{describeInput(row.input)}</td>
                  <td className="px-4 py-2 whitespace-nowrap">
                    {row.outcome.status === 'succeeded' ? (
                      <span className="rounded bg-emerald-100 px-2 py-0.5 text-emerald-800">Succeeds</span>
                    ) : (
                      <span className="rounded bg-rose-100 px-2 py-0.5 font-mono text-xs text-rose-800">
                        {row.outcome.failureCode}
                      </span>
                    )}
                  </td>
                  <td className="px-4 py-2 text-slate-600">{row.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </main>
  );
}
