import { DomainError } from '@/lib/errors';
import { bodyText } from '@/lib/http/read-body';
import { apiRoute } from '@/lib/http/route';
import { importReport } from '@/lib/settlement/reconciliation/import-report';
import { importReportQuery } from '@/lib/settlement/reconciliation/schemas';
import { serializeReconciliationRun } from '@/lib/settlement/reconciliation/serialize';

/**
 * The report from a `text/csv` body or a multipart `file` field (the dashboard's upload). The
 * wrapper has read the bytes already, refusing more than UPLOAD_BODY_LIMIT with a 413.
 */
async function readReport(req: Request, bytes: Buffer<ArrayBuffer>): Promise<{ csv: string; filename: string | null }> {
  const contentType = req.headers.get('content-type') ?? '';
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === 'multipart/form-data') {
    const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData().catch(() => {
      throw new DomainError('parameter_invalid', 'The multipart/form-data body could not be read.');
    });
    const file = form.get('file');
    if (file === null) throw new DomainError('parameter_missing', 'Missing required parameter: file (the report CSV).', { param: 'file' });
    return typeof file === 'string' ? { csv: file, filename: null } : { csv: await file.text(), filename: file.name || null };
  }
  if (type === 'text/csv' || type === 'application/csv' || type === 'text/plain') return { csv: bodyText(bytes), filename: null };
  throw new DomainError('parameter_invalid', `Send the report as text/csv, or as multipart/form-data with a "file" field (got ${type || 'no content type'}).`, {
    param: 'content-type',
  });
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
  async ({ db, merchantId, principal, req, rawBody, query }) => {
    const report = await readReport(req, rawBody);
    const { run, duplicate } = await importReport(db, { merchantId, csv: report.csv, filename: query.filename ?? report.filename, actor: principal.actor });
    return { ...serializeReconciliationRun(run), duplicate };
  },
);
