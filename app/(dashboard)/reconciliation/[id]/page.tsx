import { RunDetailView } from '@/components/reconciliation/run-detail';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return { title: `${id} · Reconciliation · Tillpoint` };
}

export default async function ReconciliationRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunDetailView id={id} />;
}
