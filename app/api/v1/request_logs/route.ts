import { z } from 'zod';
import { apiRoute } from '@/lib/http/route';
import { recentApiRequests } from '@/lib/http/request-log';

const query = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const GET = apiRoute({ permission: 'developers:manage', query }, async ({ db, merchantId, query }) => ({
  object: 'list',
  data: (await recentApiRequests(db, merchantId, query.limit)).map((r) => ({
    id: r.id,
    object: 'request_log' as const,
    method: r.method,
    path: r.path,
    status: r.status,
    duration_ms: r.durationMs,
    error_code: r.errorCode,
    actor: r.actor,
    created: new Date(r.createdAt).toISOString(),
  })),
  has_more: false,
}));
