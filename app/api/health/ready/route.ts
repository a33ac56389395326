import { getDb } from '@/db/client';
import { checkReadiness } from '@/lib/monitoring/readiness';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const readiness = await checkReadiness(getDb());
  return Response.json(
    { status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks },
    { status: readiness.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
