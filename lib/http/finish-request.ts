import type { Db } from '@/db/client';
import { log } from '@/lib/log';
import { recordRequest } from '@/lib/monitoring/prometheus';
import type { Principal } from '@/lib/security/authenticate';
import { rateLimitHeaders, type RateLimitState } from '@/lib/security/rate-limits';
import { matchApiRoute } from './check-api-route';
import { logApiRequest } from './request-log';

export type FinishedRequest = {
  req: Request;
  url: URL;
  requestId: string;
  started: number;
  principal: Principal | null;
  errorCode: string | null;
  /** The limit the answer's RateLimit-* headers describe (the one that refused, or the nearest). */
  rateLimit: RateLimitState | null;
  limited: boolean;
};

/**
 * What every API answer gets on its way out, whichever surface made it (`apiRoute`, the
 * Stripe-compatible `stripeRoute`): the RateLimit-* headers, the metrics by route pattern,
 * the log line and the developers' request log.
 */
export function finishRequest(db: Db, response: Response, done: FinishedRequest): Response {
  const { req, url, requestId, principal, errorCode } = done;
  if (done.rateLimit) {
    for (const [name, value] of Object.entries(rateLimitHeaders(done.rateLimit, done.limited))) response.headers.set(name, value);
  }
  const durationMs = performance.now() - done.started;
  recordRequest(matchApiRoute(url.pathname)?.route.path ?? 'other', req.method, response.status, durationMs / 1000);
  log.info(
    {
      request_id: requestId,
      merchant_id: principal?.merchantId ?? null,
      method: req.method,
      route: url.pathname,
      status: response.status,
      duration_ms: Math.round(durationMs),
      error_code: errorCode,
    },
    'api request',
  );
  // The request log is the merchant's record of their integration's calls and of changes made
  // in the dashboard; the dashboard's own reads (page loads, polling) would drown both.
  if (principal && !(principal.via === 'session' && req.method === 'GET')) {
    logApiRequest(db, {
      id: requestId,
      merchantId: principal.merchantId,
      actor: principal.actor,
      method: req.method,
      path: url.pathname + url.search,
      status: response.status,
      durationMs: Math.round(durationMs),
      errorCode,
      createdAt: Date.now(),
    });
  }
  return response;
}
