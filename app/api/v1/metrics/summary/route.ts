import { apiRoute } from '@/lib/http/route';
import { metricsSummary, summaryQuery } from '@/lib/monitoring/metrics';

export const GET = apiRoute({ permission: 'payments:read', query: summaryQuery }, async ({ db, merchantId, query }) =>
  metricsSummary(db, merchantId, query),
);
