import { getDb } from '@/db/client';
import { DomainError } from '@/lib/errors';
import { errorResponse } from '@/lib/http/route';
import { testModeOnly } from '@/lib/http/test-mode-only';
import { log } from '@/lib/log';
import { authenticate } from '@/lib/security/authenticate';
import { assertCan } from '@/lib/security/permissions';
import { exportProcessorReport } from '@/lib/settlement/processor-report';

/**
 * Test mode: `GET /test_helpers/processor_report?date=YYYY-MM-DD` → the CSV settlement report
 * the simulated processors would send for that UTC day. Not JSON, so not `apiRoute`; it
 * authenticates and answers errors the same way.
 */
export const GET = testModeOnly(async (req: Request): Promise<Response> => {
  try {
    const db = getDb();
    const principal = await authenticate(db, req);
    assertCan(principal, 'payments:read');
    const date = new URL(req.url).searchParams.get('date');
    if (date === null) throw new DomainError('parameter_missing', 'Missing required parameter: date (YYYY-MM-DD).', { param: 'date' });
    const csv = await exportProcessorReport(db, principal.merchantId, date);
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="processor-report-${date}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof DomainError) return errorResponse(error);
    log.error({ err: error }, 'processor report export failed');
    return errorResponse(new DomainError('internal_error', 'Something went wrong on our side. It has been logged; please retry.'));
  }
});
