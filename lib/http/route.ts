import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { authenticateApiKey, type Principal } from '@/lib/security/api-keys';
import { ApiError } from './errors';
import { requestFingerprint, withIdempotency, type StoredResponse } from './idempotency';
import { parseOrThrow, queryObject, readJsonBody } from './parse';

type RouteContext = { params: Promise<Record<string, string>> };

export type ApiContext<B, Q> = {
  db: Db;
  req: Request;
  requestId: string;
  principal: Principal;
  merchantId: string;
  /** The caller's IP as forwarded by the proxy in front of us, if any. */
  clientIp: string | null;
  params: Record<string, string>;
  body: B;
  query: Q;
};

type Options<B, Q> = {
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** HTTP status of a successful answer (201 for creates). */
  status?: number;
};

function errorBody(error: ApiError, requestId: string): string {
  return JSON.stringify({
    error: {
      type: error.type,
      code: error.code,
      message: error.message,
      ...(error.param ? { param: error.param } : {}),
      request_id: requestId,
    },
  });
}

function toResponse(stored: StoredResponse, requestId: string, replayed = false): Response {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'request-id': requestId,
    'cache-control': 'no-store',
  };
  if (replayed) headers['idempotent-replayed'] = 'true';
  return new Response(stored.body, { status: stored.status, headers });
}

function renderError(error: unknown, requestId: string): StoredResponse {
  if (error instanceof ApiError) return { status: error.status, body: errorBody(error, requestId) };
  console.error(JSON.stringify({ level: 'error', request_id: requestId, error: String(error), stack: (error as Error)?.stack }));
  const internal = new ApiError('internal_error', 'Something went wrong on our side. It has been logged; please retry.');
  return { status: 500, body: errorBody(internal, requestId) };
}

function clientIp(req: Request): string | null {
  const forwarded = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || req.headers.get('x-real-ip') || null;
}

const newRequestId = () => `req_${randomBytes(9).toString('base64url')}`;

/** A standard-shape error response outside `apiRoute` (unknown routes). */
export function errorResponse(error: ApiError): Response {
  const requestId = newRequestId();
  return toResponse(renderError(error, requestId), requestId);
}

/**
 * The one wrapper every API route goes through: request id, API-key auth, zod parsing of
 * query and body, idempotency for POSTs, and mapping thrown errors to the standard shape.
 * Handlers return a plain object and contain no try/catch.
 */
export function apiRoute<B = undefined, Q = undefined>(
  options: Options<B, Q>,
  handler: (ctx: ApiContext<B, Q>) => Promise<unknown>,
) {
  return async (req: Request, context: RouteContext): Promise<Response> => {
    const requestId = newRequestId();
    const db = getDb();
    try {
      const principal = await authenticateApiKey(db, req.headers.get('authorization'));
      const url = new URL(req.url);
      const params = (await context.params) ?? {};
      const query = options.query ? parseOrThrow(options.query, queryObject(url)) : (undefined as Q);
      const { value: rawBody } = req.method === 'POST' ? await readJsonBody(req) : { value: undefined };

      const execute = async (): Promise<StoredResponse> => {
        try {
          const body = options.body ? parseOrThrow(options.body, rawBody) : (undefined as B);
          const ctx = { db, req, requestId, principal, merchantId: principal.merchantId, clientIp: clientIp(req), params, body, query };
          const result = await handler(ctx);
          return { status: options.status ?? 200, body: JSON.stringify(result) };
        } catch (error) {
          return renderError(error, requestId);
        }
      };

      const key = req.headers.get('idempotency-key');
      if (req.method !== 'POST' || key === null) return toResponse(await execute(), requestId);
      const stored = await withIdempotency(
        db,
        { merchantId: principal.merchantId, key, hash: requestFingerprint(req.method, url.pathname, rawBody) },
        execute,
      );
      return toResponse(stored, requestId, stored.replayed);
    } catch (error) {
      return toResponse(renderError(error, requestId), requestId);
    }
  };
}
