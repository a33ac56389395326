import type { ErrorCode } from '@/lib/errors';

/**
 * How the API answers each domain error code (lib/errors.ts): its error type and HTTP status.
 * `satisfies` keeps the two lists in step: a code missing here, or one that is not a domain
 * code, does not compile.
 */
export const errorCodes = {
  // 400 invalid_request_error
  json_invalid: ['invalid_request_error', 400],
  json_too_deep: ['invalid_request_error', 400],
  parameter_invalid: ['invalid_request_error', 400],
  parameter_missing: ['invalid_request_error', 400],
  parameter_unknown: ['invalid_request_error', 400],
  amount_invalid: ['invalid_request_error', 400],
  currency_invalid: ['invalid_request_error', 400],
  payment_details_invalid: ['invalid_request_error', 400],
  payment_state_invalid: ['invalid_request_error', 400],
  refund_exceeds_remaining: ['invalid_request_error', 400],
  capture_exceeds_authorized: ['invalid_request_error', 400],
  review_already_decided: ['invalid_request_error', 400],
  alert_state_invalid: ['invalid_request_error', 400],
  payout_exceeds_available: ['invalid_request_error', 400],
  payout_state_invalid: ['invalid_request_error', 400],
  rule_expression_invalid: ['invalid_request_error', 400],
  report_invalid: ['invalid_request_error', 400],
  reconciliation_item_state_invalid: ['invalid_request_error', 400],
  webhook_endpoint_disabled: ['invalid_request_error', 400],
  payment_method_unexpected_state: ['invalid_request_error', 400],
  // 400 card_error: card details that can never succeed
  card_number_invalid: ['card_error', 400],
  card_expiry_invalid: ['card_error', 400],
  card_cvc_invalid: ['card_error', 400],
  // 402 card_error: a charge the issuer declined (the Stripe-compatible surface raises it)
  card_declined: ['card_error', 402],
  // 401 / 403 / 404
  api_key_missing: ['authentication_error', 401],
  credentials_invalid: ['authentication_error', 401],
  api_key_invalid: ['authentication_error', 401],
  api_key_revoked: ['authentication_error', 401],
  session_expired: ['authentication_error', 401],
  permission_denied: ['permission_error', 403],
  csrf_token_invalid: ['permission_error', 403],
  origin_invalid: ['permission_error', 403],
  resource_missing: ['not_found', 404],
  route_missing: ['not_found', 404],
  // 405: the route exists, the method does not (the answer's Allow header lists the methods)
  method_not_allowed: ['invalid_request_error', 405],
  // 413: counted while the body streams in (lib/http/read-body.ts), never from Content-Length
  payload_too_large: ['invalid_request_error', 413],
  content_type_invalid: ['invalid_request_error', 415],
  // 409 idempotency
  idempotency_key_reused: ['idempotency_error', 409],
  idempotency_key_in_use: ['idempotency_error', 409],
  idempotency_key_invalid: ['idempotency_error', 400],
  // 429 / 500
  login_locked: ['rate_limit_error', 429],
  rate_limited: ['rate_limit_error', 429],
  internal_error: ['api_error', 500],
  service_unavailable: ['api_error', 503],
} as const satisfies Record<ErrorCode, readonly [ErrorType, number]>;

export const errorTypes = [
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found',
  'idempotency_error',
  'rate_limit_error',
  'api_error',
  'card_error',
] as const;
export type ErrorType = (typeof errorTypes)[number];

export const errorType = (code: ErrorCode): ErrorType => errorCodes[code][0];
export const httpStatus = (code: ErrorCode): number => errorCodes[code][1];
