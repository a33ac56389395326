import { PayoutDetailView } from '@/components/balances/payout-detail';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return { title: `${id} · Payouts · Tillpoint` };
}

export default async function PayoutPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PayoutDetailView id={id} />;
}
