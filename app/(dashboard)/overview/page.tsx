import { OverviewDashboard } from '@/components/overview/overview-dashboard';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  return <OverviewDashboard initialRange={first(params.range)} initialCurrency={first(params.currency)} />;
}
