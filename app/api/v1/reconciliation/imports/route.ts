import { ApiError } from '@/lib/http/errors';
import { apiRoute } from '@/lib/http/route';
import { importReport } from '@/lib/settlement/reconciliation/import-report';
import { importReportQuery } from '@/lib/settlement/reconciliation/schemas';
import { serializeReconciliationRun } from '@/lib/settlement/reconciliation/serialize';

const MAX_REPORT_BYTES = 5 * 1024 * 1024;
const tooLarge = () => new ApiError('report_invalid', `The report is larger than ${MAX_REPORT_BYTES / 1024 / 1024} MB: split it by day.`);

/** The report from a `text/csv` body or a multipart `file` field (the dashboard's upload). */
async function readReport(req: Request): Promise<{ csv: string; filename: string | null }> {
  if (Number(req.headers.get('content-length') ?? 0) > MAX_REPORT_BYTES) throw tooLarge();
  const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  let report: { csv: string; filename: string | null };
  if (type === 'multipart/form-data') {
    const form = await req.formData().catch(() => {
      throw new ApiError('parameter_invalid', 'The multipart/form-data body could not be read.');
    });
    const file = form.get('file');
    if (file === null) throw new ApiError('parameter_missing', 'Missing required parameter: file (the report CSV).', { param: 'file' });
    report = typeof file === 'string' ? { csv: file, filename: null } : { csv: await file.text(), filename: file.name || null };
  } else if (type === 'text/csv' || type === 'application/csv' || type === 'text/plain') {
    report = { csv: await req.text(), filename: null };
  } else {
    throw new ApiError('parameter_invalid', `Send the report as text/csv, or as multipart/form-data with a "file" field (got ${type || 'no content type'}).`, {
      param: 'content-type',
    });
  }
  if (Buffer.byteLength(report.csv) > MAX_REPORT_BYTES) throw tooLarge();
  return report;
}

/**
 * `POST /reconciliation/imports`: 201 with the new run, or 200 with the earlier run and
 * `duplicate: true` when the same file was imported before. `?filename=` names a text/csv upload.
 */
export const POST = apiRoute(
  {
    permission: 'payouts:create',
    query: importReportQuery,
    rawBody: true,
    status: (result) => ((result as { duplicate: boolean }).duplicate ? 200 : 201),
  },
  async ({ db, merchantId, principal, req, query }) => {
    const report = await readReport(req);
    const { run, duplicate } = await importReport(db, { merchantId, csv: report.csv, filename: query.filename ?? report.filename, actor: principal.actor });
    return { ...serializeReconciliationRun(run), duplicate };
  },
);
