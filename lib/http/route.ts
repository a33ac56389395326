import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { getDb, type Db } from '@/db/client';
import { log } from '@/lib/log';
import { authenticate, type Principal } from '@/lib/security/authenticate';
import { assertCan, type Permission } from '@/lib/security/permissions';
import { nearestLimit, RateLimitedError, takeAddressRequest, takePrincipalRequest, type RateLimitState } from '@/lib/security/rate-limits';
import { errorBody, newRequestId } from './error-body';
import { clientIp } from './client-ip';
import { httpStatus } from './errors';
import { DomainError } from '@/lib/errors';
import { requestFingerprint, type StoredResponse } from '@/lib/idempotency/keys';
import { resumeResource } from '@/lib/http/resume-resource';
import { withIdempotency } from './idempotency';
import { parseOrThrow } from '@/lib/validation';
import { queryObject, readJsonBody } from './parse';
import { readBody, UPLOAD_BODY_LIMIT } from './read-body';
import { assertSameOriginJson } from './same-origin-json';
import { databaseDomainError } from './database-errors';
import { finishRequest } from './finish-request';
import type { RequestContext, RouteContext } from './request-context';

export type ApiContext<B, Q> = RequestContext & {
  params: Record<string, string>;
  body: B;
  /** The body's bytes, for `rawBody` routes (at most UPLOAD_BODY_LIMIT); empty otherwise. */
  rawBody: Buffer<ArrayBuffer>;
  query: Q;
};

type Options<B, Q> = {
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** HTTP status of a successful answer (201 for creates), or chosen from the result. */
  status?: number | ((result: unknown) => number);
  /**
   * An upload (CSV, multipart) instead of a JSON body: the handler gets its bytes as `rawBody`
   * (up to UPLOAD_BODY_LIMIT instead of JSON_BODY_LIMIT); idempotency fingerprints them.
   */
  rawBody?: boolean;
  /** Sign-in and sign-out: JSON from our own pages only, checked before the body is read. */
  sameOriginJson?: boolean;
};

/** What a handler returns: a plain object sent as JSON, or a `Response` (CSV, cookies) sent as it is. */
type Handler<C> = (ctx: C) => Promise<unknown>;

function toResponse(stored: StoredResponse, requestId: string, replayed = false): Response {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'request-id': requestId,
    'cache-control': 'no-store',
  };
  if (replayed) headers['idempotent-replayed'] = 'true';
  return new Response(stored.body, { status: stored.status, headers });
}

function renderError(error: unknown, requestId: string): StoredResponse & { code: string } {
  const known = error instanceof DomainError ? error : databaseDomainError(error, requestId);
  if (known) return { status: httpStatus(known.code), body: errorBody(known, requestId), code: known.code };
  log.error({ request_id: requestId, err: error }, 'unhandled error');
  const internal = new DomainError('internal_error', 'Something went wrong on our side. It has been logged; please retry.');
  return { status: 500, body: errorBody(internal, requestId), code: internal.code };
}

/** A standard-shape error response outside `apiRoute` (unknown routes, sign-in). */
export function errorResponse(error: DomainError): Response {
  const requestId = newRequestId();
  return toResponse(renderError(error, requestId), requestId);
}

/**
 * The one wrapper every API route goes through: request id, the per-IP rate limit,
 * authentication (API key or session cookie with CSRF), the per-key rate limit, the role check,
 * the body size limit and zod parsing of query and body (POST and PATCH), idempotency for POSTs,
 * mapping thrown errors to the standard shape, and the request log. Handlers return a plain
 * object (or a `Response`) and contain no try/catch. The returned handler carries its
 * `options`, so a test can check that the OpenAPI document (lib/http/openapi) describes the
 * very schemas it parses.
 */
export function apiRoute<B = undefined, Q = undefined>(
  options: Options<B, Q> & { /** What the caller's role must allow. */ permission: Permission },
  handler: Handler<ApiContext<B, Q>>,
) {
  return serve<B, Q>(options, async (db, req, ip, limit) => {
    limit(takeAddressRequest(ip));
    const principal = await authenticate(db, req);
    limit(takePrincipalRequest(principal));
    assertCan(principal, options.permission);
    return principal;
  }, (ctx, principal) => handler({ ...ctx, principal: principal!, merchantId: principal!.merchantId }));
}

/**
 * A route that runs before there is a caller to authenticate (sign-in, sign-out): everything
 * else as `apiRoute`, but not the API's per-IP limit (sign-in has its own, stricter one).
 */
export function publicRoute<B = undefined, Q = undefined>(options: Options<B, Q>, handler: Handler<PublicContext<B, Q>>) {
  return serve<B, Q>(options, async () => null, (ctx) => handler(ctx));
}

export type PublicContext<B, Q> = Omit<ApiContext<B, Q>, 'principal' | 'merchantId'>;

/** Who is calling (null on public routes); `limit` records each rate limit taken, for the answer's headers. */
type Authorize = (db: Db, req: Request, ip: string | null, limit: (state: RateLimitState | null) => void) => Promise<Principal | null>;

function serve<B, Q>(
  options: Options<B, Q>,
  authorize: Authorize,
  handler: (ctx: PublicContext<B, Q>, principal: Principal | null) => Promise<unknown>,
) {
  const route = async (req: Request, context: RouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = newRequestId();
    const db = getDb();
    const url = new URL(req.url);
    let principal: Principal | null = null;
    let errorCode: string | null = null;
    // The limit the answer's RateLimit-* headers describe: the one that refused, or the nearest.
    let rateLimit: RateLimitState | null = null;
    let limited = false;

    const fail = (error: unknown): StoredResponse => {
      const rendered = renderError(error, requestId);
      errorCode = rendered.code;
      if (error instanceof RateLimitedError) [rateLimit, limited] = [error.state, true];
      return rendered;
    };
    const execute = async (run: () => Promise<unknown>): Promise<StoredResponse | Response> => {
      try {
        const result = await run();
        if (result instanceof Response) return result;
        const status = typeof options.status === 'function' ? options.status(result) : (options.status ?? 200);
        return { status, body: JSON.stringify(result) };
      } catch (error) {
        return fail(error);
      }
    };
    // A stored answer must be replayable byte for byte, so a keyed request's handler returns JSON.
    const executeStorable = async (run: () => Promise<unknown>): Promise<StoredResponse> => {
      const answer = await execute(run);
      return answer instanceof Response ? fail(new Error(`${url.pathname}: a Response cannot be stored for an Idempotency-Key`)) : answer;
    };

    let response: Response;
    try {
      const ip = clientIp(req);
      principal = await authorize(db, req, ip, (state) => (rateLimit = nearestLimit(rateLimit, state)));
      const params = (await context.params) ?? {};
      const query = options.query ? parseOrThrow(options.query, queryObject(url)) : (undefined as Q);
      const hasBody = req.method === 'POST' || req.method === 'PATCH';
      if (hasBody && options.sameOriginJson) assertSameOriginJson(req);
      const rawBody = hasBody && options.rawBody ? await readBody(req, UPLOAD_BODY_LIMIT) : Buffer.alloc(0);
      const json = hasBody && !options.rawBody ? (await readJsonBody(req)).value : undefined;
      const ctx = { db, req, requestId, clientIp: ip, params, query, rawBody };
      const run = () => handler({ ...ctx, body: options.body ? parseOrThrow(options.body, json) : (undefined as B) }, principal);

      const key = req.headers.get('idempotency-key');
      if (req.method !== 'POST' || key === null || principal === null) {
        const answer = await execute(run);
        // Copied: a Response.redirect() has immutable headers, and request-id is set on every answer.
        response = answer instanceof Response ? new Response(answer.body, answer) : toResponse(answer, requestId);
      } else {
        const hash = requestFingerprint(req.method, url.pathname, options.rawBody ? createHash('sha256').update(rawBody).digest('hex') : json);
        const merchantId = principal.merchantId;
        const stored = await withIdempotency(db, { merchantId, key, hash }, {
          execute: () => executeStorable(run),
          resume: (resource) => executeStorable(() => resumeResource(db, merchantId, resource)),
        });
        response = toResponse(stored, requestId, stored.replayed);
      }
    } catch (error) {
      response = toResponse(fail(error), requestId);
    }
    response.headers.set('request-id', requestId);
    return finishRequest(db, response, { req, url, requestId, started, principal, errorCode, rateLimit, limited });
  };
  return Object.assign(route, { options });
}
