import { and, desc, eq, lt } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { apiRequests } from '@/db/schema';
import { z } from 'zod';
import { timestamp } from '@/lib/api-objects';
import { log } from '@/lib/log';

type Entry = typeof apiRequests.$inferInsert;
type ApiRequest = typeof apiRequests.$inferSelect;

const FLUSH_MS = 500;
const RETAIN_MS = 7 * 24 * 60 * 60 * 1000;
const pending = new Map<Db, Entry[]>();

/**
 * Records an API call for the developers' request log. Entries are written in batches, off
 * the request path: a crash may lose the last half second of log, never a payment.
 */
export function logApiRequest(db: Db, entry: Entry): void {
  let batch = pending.get(db);
  if (!batch) {
    batch = [];
    pending.set(db, batch);
    setTimeout(() => void flushRequestLog(db), FLUSH_MS).unref();
  }
  batch.push(entry);
}

export async function flushRequestLog(db: Db): Promise<void> {
  const batch = pending.get(db);
  pending.delete(db);
  if (!batch?.length) return;
  try {
    // Not durable: a power cut may cost the last moments of the log, never a payment's fsync.
    await transaction(
      db,
      async (tx) => {
        await tx.insert(apiRequests).values(batch).onConflictDoNothing();
        await tx.delete(apiRequests).where(lt(apiRequests.createdAt, Date.now() - RETAIN_MS));
      },
      { durable: false },
    );
  } catch (error) {
    log.error({ err: error }, 'request log flush failed');
  }
}

export const requestLogObject = z
  .strictObject({
    id: z.string().describe('The request id (the `Request-Id` header of its answer).'),
    object: z.literal('request_log'),
    method: z.string(),
    path: z.string(),
    status: z.number().int(),
    duration_ms: z.number().int(),
    error_code: z.string().nullable(),
    actor: z.string(),
    created: timestamp,
  })
  .meta({
    id: 'RequestLog',
    description: 'One recent API request of the merchant.',
    examples: [{ id: 'req_Yq3x0B1c2D3e4F5g', object: 'request_log', method: 'POST', path: '/api/v1/payments', status: 201, duration_ms: 12, error_code: null, actor: 'key_01JDX2', created: '2026-11-30T12:00:00.000Z' }],
  });

export function serializeApiRequest(r: ApiRequest): z.infer<typeof requestLogObject> {
  return {
    id: r.id,
    object: 'request_log' as const,
    method: r.method,
    path: r.path,
    status: r.status,
    duration_ms: r.durationMs,
    error_code: r.errorCode,
    actor: r.actor,
    created: new Date(r.createdAt).toISOString(),
  };
}

export const requestLogsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export async function recentApiRequests(db: Db, merchantId: string, limit: number) {
  return db
    .select()
    .from(apiRequests)
    .where(and(eq(apiRequests.merchantId, merchantId)))
    .orderBy(desc(apiRequests.createdAt), desc(apiRequests.id))
    .limit(limit);
}
