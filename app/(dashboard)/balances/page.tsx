import { BalancesView } from '@/components/balances/balances-view';

export const metadata = { title: 'Balances & payouts · Tillpoint' };

export default function BalancesPage() {
  return <BalancesView />;
}
