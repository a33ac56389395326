import { DomainError } from '@/lib/errors';
import { apiRoute } from '@/lib/http/route';
import { testModeOnly } from '@/lib/http/test-mode-only';
import { exportProcessorReport, processorReportQuery } from '@/lib/settlement/processor-report';

/**
 * Test mode: `GET /test_helpers/processor_report?date=YYYY-MM-DD` → the CSV settlement report
 * the simulated processors would send for that UTC day.
 */
export const GET = testModeOnly(
  apiRoute({ permission: 'payments:read', query: processorReportQuery }, async ({ db, merchantId, query }) => {
    const { date } = query;
    if (date === undefined) throw new DomainError('parameter_missing', 'Missing required parameter: date (YYYY-MM-DD).', { param: 'date' });
    const csv = await exportProcessorReport(db, merchantId, date);
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="processor-report-${date}.csv"`,
        'cache-control': 'no-store',
      },
    });
  }),
);
