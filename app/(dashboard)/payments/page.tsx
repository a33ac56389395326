import { Suspense } from 'react';
import { NewPaymentLink } from '@/components/payments/new-payment-link';
import { PaymentsList } from '@/components/payments/payments-list';
import { PageHeader } from '@/components/ui/card';
import { Loading } from '@/components/ui/states';

export const metadata = { title: 'Payments · Tillpoint' };

export default function PaymentsPage() {
  return (
    <>
      <PageHeader title="Payments" description="Every payment, newest first. Open one for its timeline, risk and refunds." actions={<NewPaymentLink />} />
      {/* The list reads its filters from the URL on the client. */}
      <Suspense fallback={<Loading label="Loading payments…" />}>
        <PaymentsList />
      </Suspense>
    </>
  );
}
