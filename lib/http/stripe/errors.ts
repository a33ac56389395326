import { DomainError, type ErrorCode } from '@/lib/errors';
import type { StoredResponse } from '@/lib/idempotency/keys';
import { STRIPE_API_VERSION } from '@/lib/stripe-compat/api-version';
import { CardDeclinedError } from '@/lib/stripe-compat/card-declined';
import { newRequestId } from '../error-body';

type StripeErrorType = 'invalid_request_error' | 'authentication_error' | 'card_error' | 'idempotency_error' | 'rate_limit_error' | 'api_error';

/**
 * How the Stripe-compatible surface (`/v1/*`) answers each domain error: Stripe's error type,
 * its HTTP status and (where Stripe has its own name for it) Stripe's code. The official SDK
 * picks its error class from the status (402 → StripeCardError, 401 → Authentication, 403 →
 * Permission, 429 → RateLimit) and, for 400/404, from the type (`idempotency_error` →
 * StripeIdempotencyError), so those two columns are what matter. `satisfies` keeps the table in
 * step with lib/errors.ts. The native API's table is lib/http/errors.ts.
 */
export const stripeErrors = {
  json_invalid: ['invalid_request_error', 400],
  json_too_deep: ['invalid_request_error', 400, 'parameter_invalid'],
  parameter_invalid: ['invalid_request_error', 400],
  parameter_missing: ['invalid_request_error', 400],
  parameter_unknown: ['invalid_request_error', 400],
  amount_invalid: ['invalid_request_error', 400, 'parameter_invalid_integer'],
  currency_invalid: ['invalid_request_error', 400, 'parameter_invalid'],
  payment_details_invalid: ['invalid_request_error', 400, 'parameter_invalid'],
  payment_state_invalid: ['invalid_request_error', 400, 'payment_intent_unexpected_state'],
  refund_exceeds_remaining: ['invalid_request_error', 400, 'amount_too_large'],
  capture_exceeds_authorized: ['invalid_request_error', 400, 'amount_too_large'],
  review_already_decided: ['invalid_request_error', 400],
  alert_state_invalid: ['invalid_request_error', 400],
  payout_exceeds_available: ['invalid_request_error', 400, 'balance_insufficient'],
  payout_state_invalid: ['invalid_request_error', 400],
  rule_expression_invalid: ['invalid_request_error', 400],
  report_invalid: ['invalid_request_error', 400],
  reconciliation_item_state_invalid: ['invalid_request_error', 400],
  webhook_endpoint_disabled: ['invalid_request_error', 400],
  payment_method_unexpected_state: ['invalid_request_error', 400],
  card_number_invalid: ['card_error', 402, 'incorrect_number'],
  card_expiry_invalid: ['card_error', 402, 'invalid_expiry_year'],
  card_cvc_invalid: ['card_error', 402, 'invalid_cvc'],
  card_declined: ['card_error', 402],
  api_key_missing: ['authentication_error', 401],
  credentials_invalid: ['authentication_error', 401],
  api_key_invalid: ['authentication_error', 401],
  api_key_revoked: ['authentication_error', 401],
  session_expired: ['authentication_error', 401],
  // Stripe answers a restricted key's missing permission with 403 invalid_request_error.
  permission_denied: ['invalid_request_error', 403],
  csrf_token_invalid: ['invalid_request_error', 403],
  origin_invalid: ['invalid_request_error', 403],
  resource_missing: ['invalid_request_error', 404],
  // Stripe answers an unknown URL, or a known one with the wrong method, 404 "Unrecognized request URL".
  route_missing: ['invalid_request_error', 404, 'resource_missing'],
  method_not_allowed: ['invalid_request_error', 404, 'resource_missing'],
  payload_too_large: ['invalid_request_error', 413],
  content_type_invalid: ['invalid_request_error', 400],
  // Stripe: same key with other parameters is a 400 (the SDK's StripeIdempotencyError); a key
  // whose first request still runs is a 409.
  idempotency_key_reused: ['idempotency_error', 400],
  idempotency_key_in_use: ['idempotency_error', 409],
  idempotency_key_invalid: ['idempotency_error', 400],
  login_locked: ['rate_limit_error', 429],
  rate_limited: ['rate_limit_error', 429, 'rate_limit'],
  internal_error: ['api_error', 500],
  service_unavailable: ['api_error', 503],
} as const satisfies Record<ErrorCode, readonly [StripeErrorType, number] | readonly [StripeErrorType, number, string]>;

const stripeCode = (code: ErrorCode): string => {
  const row: readonly unknown[] = stripeErrors[code];
  return (row[2] as string | undefined) ?? code;
};

export const stripeStatus = (code: ErrorCode): number => stripeErrors[code][1];

/** Stripe's error shape: `{"error": {type, code, decline_code?, message, param?, payment_intent?, charge?, request_id}}`. */
export function stripeErrorBody(error: DomainError, requestId: string, code = stripeCode(error.code)): string {
  const declined = error instanceof CardDeclinedError ? error : null;
  return JSON.stringify({
    error: {
      type: stripeErrors[error.code][0],
      code: declined?.stripeCode ?? code,
      ...(declined?.declineCode ? { decline_code: declined.declineCode } : {}),
      message: error.message,
      ...(error.param ? { param: error.param } : {}),
      ...(declined ? { charge: declined.charge, payment_intent: declined.paymentIntent } : {}),
      request_id: requestId,
    },
  });
}

// Events and webhook endpoints (domain code) carry the version too, so it lives in lib/stripe-compat.
export { STRIPE_API_VERSION };

/** A JSON answer of the Stripe-compatible surface, with its `Request-Id` and `Stripe-Version`. */
export function respond(stored: StoredResponse, requestId: string, version = STRIPE_API_VERSION, extra: Record<string, string> = {}): Response {
  return new Response(stored.body, {
    status: stored.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'request-id': requestId,
      'stripe-version': version,
      'cache-control': 'no-store',
      ...extra,
    },
  });
}

/**
 * A Stripe-shaped error answer outside `stripeRoute` (unknown /v1 paths and methods, from the
 * proxy too). `as` answers with another status and code than the table's (TRACE's 405, see
 * lib/http/early-answers.ts).
 */
export function stripeErrorResponse(error: DomainError, headers: Record<string, string> = {}, as?: { status: number; code: string }): Response {
  const requestId = newRequestId();
  const body = stripeErrorBody(error, requestId, as?.code);
  return respond({ status: as?.status ?? stripeStatus(error.code), body }, requestId, STRIPE_API_VERSION, headers);
}

/** OPTIONS on a /v1 route: what Next.js answers (204 with Allow), with the headers every /v1 answer carries. */
export function stripeOptionsResponse(allow: string): Response {
  return new Response(null, { status: 204, headers: { allow, 'request-id': newRequestId(), 'stripe-version': STRIPE_API_VERSION, 'cache-control': 'no-store' } });
}
