import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '@/lib/errors';
import { errorResponse } from '@/lib/http/route';
import { metrics } from '@/lib/monitoring/prometheus';

export const dynamic = 'force-dynamic';

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Prometheus text exposition. Private by default: it needs `Authorization: Bearer
 * $TILLPOINT_METRICS_TOKEN`, unless `TILLPOINT_METRICS_PUBLIC=1` opens it (e.g. behind a
 * network that only the scraper reaches).
 */
export async function GET(req: Request): Promise<Response> {
  const expected = process.env.TILLPOINT_METRICS_TOKEN;
  if (expected) {
    const given = req.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '';
    if (!tokenMatches(given, expected)) return errorResponse(new DomainError('api_key_invalid', 'A valid metrics token is required.'));
  } else if (process.env.TILLPOINT_METRICS_PUBLIC !== '1') {
    return errorResponse(
      new DomainError('permission_denied', 'Metrics are private: set TILLPOINT_METRICS_TOKEN (and scrape with it as a Bearer token), or TILLPOINT_METRICS_PUBLIC=1.'),
    );
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
}
