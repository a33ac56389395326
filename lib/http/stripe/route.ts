import { z } from 'zod';
import { getDb } from '@/db/client';
import { DomainError } from '@/lib/errors';
import { requestFingerprint, type StoredResponse } from '@/lib/idempotency/keys';
import { log } from '@/lib/log';
import { authenticateKey, type Principal } from '@/lib/security/authenticate';
import { assertCan, type Permission } from '@/lib/security/permissions';
import { nearestLimit, RateLimitedError, takeAddressRequest, takePrincipalRequest, type RateLimitState } from '@/lib/security/rate-limits';
import { resumeStripeResource } from '@/lib/stripe-compat/resume';
import { parseOrThrow } from '@/lib/validation';
import { clientIp } from '../client-ip';
import { databaseDomainError } from '../database-errors';
import { newRequestId } from '../error-body';
import { finishRequest } from '../finish-request';
import { withIdempotency } from '../idempotency';
import { parseForm, readFormBody } from './form';
import { respond, STRIPE_API_VERSION, stripeErrorBody, stripeStatus } from './errors';
import type { RequestContext, RouteContext } from '../request-context';

export type StripeContext<P> = RequestContext & {
  /** The URL's dynamic segments (`/v1/payment_intents/[id]` → `{ id }`). */
  path: Record<string, string>;
  /** The request's parameters (the form body of a POST, the query string otherwise), parsed. */
  params: P;
  /** `expand[]`: which ids the caller wants as objects (honoured where the route says so). */
  expand: string[];
};

type StripeOptions<P> = {
  permission: Permission;
  /** The parameters the route takes (a `z.strictObject`); none when omitted, as Stripe refuses unknown ones. */
  params?: z.ZodType<P>;
  /** The fields its answer can expand (`expand[]`); any other is refused, as Stripe refuses it, instead of answering an id where the caller expects an object. */
  expandable?: readonly string[];
  /**
   * Finishes a keyed request whose first attempt died after recording a PaymentIntent (a create
   * with confirm=true): the route decides what is left to do. Other resources resume the same
   * way on every route (lib/stripe-compat/resume.ts).
   */
  resumePaymentIntent?: (ctx: StripeContext<P>, paymentIntentId: string) => Promise<unknown>;
};

const noParams = z.strictObject({});

function renderStripeError(error: unknown, requestId: string): StoredResponse & { code: string } {
  const known = error instanceof DomainError ? error : databaseDomainError(error, requestId);
  if (known) return { status: stripeStatus(known.code), body: stripeErrorBody(known, requestId), code: known.code };
  log.error({ request_id: requestId, err: error }, 'unhandled error');
  const internal = new DomainError('internal_error', 'Something went wrong on our side. It has been logged; please retry.');
  return { status: 500, body: stripeErrorBody(internal, requestId), code: internal.code };
}

/** Stripe's clients send the secret key as a Bearer token; curl's `-u sk_test_…:` sends it as Basic. */
function bearerOf(authorization: string | null): string | null {
  const basic = authorization?.match(/^Basic\s+(\S+)$/i);
  if (!basic) return authorization;
  const user = Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0];
  return `Bearer ${user}`;
}

/**
 * Unknown parameters are Stripe's `parameter_unknown` (naming the parameter, bracketed as the
 * client sent it); everything else is the usual zod → 400 mapping.
 */
function parseStripeParams<P>(schema: z.ZodType<P>, value: unknown): P {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const [first, ...rest] = [...issue.path.map(String), issue.keys[0]];
    const param = first + rest.map((key) => `[${key}]`).join('');
    throw new DomainError('parameter_unknown', `Received unknown parameter: ${param}`, { param });
  }
  return parseOrThrow(schema, value);
}

function expandOf(raw: Record<string, unknown>, expandable: readonly string[]): string[] {
  const { expand } = raw;
  if (expand === undefined) return [];
  const fields = typeof expand === 'string' ? [expand] : expand;
  if (!Array.isArray(fields) || !fields.every((item) => typeof item === 'string')) {
    throw new DomainError('parameter_invalid', 'Invalid expand: must be a list of strings (expand[]=latest_charge).', { param: 'expand' });
  }
  const other = fields.find((field) => !expandable.includes(field));
  if (other !== undefined) {
    const can = expandable.length > 0 ? `; this endpoint expands ${expandable.join(', ')}` : '';
    throw new DomainError('parameter_invalid', `This property cannot be expanded (${other}) by Tillpoint's Stripe-compatible API${can}.`, { param: 'expand' });
  }
  return fields;
}

/**
 * The wrapper of every Stripe-compatible route (`app/v1/**`): what `apiRoute` does for the
 * native API, in Stripe's dialect. Secret keys only (Bearer, or Basic as curl sends it; no
 * session cookies), with the key's role checked against `permission`; parameters from the form
 * body (POST) or the query string (GET, DELETE), nested as Stripe nests them, `expand[]` taken
 * out; `Idempotency-Key` on POSTs with Stripe's semantics (a replay answers the stored response
 * with `Idempotent-Replayed: true`; the same key with other parameters is 400
 * `idempotency_error`); every answer carries `Request-Id` and `Stripe-Version`; a thrown
 * DomainError becomes Stripe's error shape through the table in ./errors.ts. Handlers return
 * a Stripe object (a serializer's output) and have no try/catch.
 */
export function stripeRoute<P = Record<string, never>>(options: StripeOptions<P>, handler: (ctx: StripeContext<P>) => Promise<unknown>) {
  return async (req: Request, context: RouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = newRequestId();
    const db = getDb();
    const url = new URL(req.url);
    const version = req.headers.get('stripe-version') ?? STRIPE_API_VERSION;
    let principal: Principal | null = null;
    let errorCode: string | null = null;
    let rateLimit: RateLimitState | null = null;
    let limited = false;

    const execute = async (run: () => Promise<unknown>): Promise<StoredResponse> => {
      try {
        return { status: 200, body: JSON.stringify(await run()) };
      } catch (error) {
        const rendered = renderStripeError(error, requestId);
        errorCode = rendered.code;
        return rendered;
      }
    };

    let response: Response;
    try {
      const ip = clientIp(req);
      rateLimit = takeAddressRequest(ip);
      principal = await authenticateKey(db, bearerOf(req.headers.get('authorization')));
      rateLimit = nearestLimit(rateLimit, takePrincipalRequest(principal));
      assertCan(principal, options.permission);
      const raw = req.method === 'POST' ? await readFormBody(req) : parseForm(url.search);
      const { expand: _expand, ...rest } = raw;
      const expand = expandOf(raw, options.expandable ?? []);
      const merchantId = principal.merchantId;
      const ctx = { db, req, requestId, principal, merchantId, clientIp: ip, path: (await context.params) ?? {}, expand };
      const withParams = () => ({ ...ctx, params: parseStripeParams(options.params ?? (noParams as z.ZodType<P>), rest) });
      const run = () => handler(withParams());

      const key = req.headers.get('idempotency-key');
      if (req.method !== 'POST' || key === null) {
        response = respond(await execute(run), requestId, version);
      } else {
        const hash = requestFingerprint(req.method, url.pathname, raw);
        const stored = await withIdempotency(db, { merchantId, key, hash }, {
          execute: () => execute(run),
          resume: (resource) =>
            execute(() =>
              resource.type === 'payment_intent' && options.resumePaymentIntent
                ? options.resumePaymentIntent(withParams(), resource.id)
                : resumeStripeResource(db, merchantId, resource, expand),
            ),
        });
        response = respond(stored, requestId, version, stored.replayed ? { 'idempotent-replayed': 'true' } : {});
      }
    } catch (error) {
      const rendered = renderStripeError(error, requestId);
      errorCode = rendered.code;
      response = respond(rendered, requestId, version);
      if (error instanceof RateLimitedError) [rateLimit, limited] = [error.state, true];
    }
    return finishRequest(db, response, { req, url, requestId, started, principal, errorCode, rateLimit, limited });
  };
}
