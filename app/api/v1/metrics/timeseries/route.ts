import { apiRoute } from '@/lib/http/route';
import { metricsTimeseries, timeseriesQuery } from '@/lib/monitoring/metrics';

export const GET = apiRoute({ permission: 'payments:read', query: timeseriesQuery }, async ({ db, merchantId, query }) =>
  metricsTimeseries(db, merchantId, query),
);
