/**
 * The one list of error codes the domain raises. Services throw `new DomainError(code, message)`;
 * only lib/http knows what HTTP status and error type each code is answered with
 * (lib/http/errors.ts), so the domain stays free of HTTP.
 */
export const errorCodeList = [
  // 400 invalid_request_error
  'json_invalid',
  'json_too_deep',
  'parameter_invalid',
  'parameter_missing',
  'parameter_unknown',
  'amount_invalid',
  'currency_invalid',
  'payment_details_invalid',
  'payment_state_invalid',
  'refund_exceeds_remaining',
  'capture_exceeds_authorized',
  'review_already_decided',
  'alert_state_invalid',
  'payout_exceeds_available',
  'payout_state_invalid',
  'rule_expression_invalid',
  'report_invalid',
  'reconciliation_item_state_invalid',
  'webhook_endpoint_disabled',
  'payment_method_unexpected_state',
  // 400 card_error: card details that can never succeed
  'card_number_invalid',
  'card_expiry_invalid',
  'card_cvc_invalid',
  // 402 card_error: a charge the issuer declined (the Stripe-compatible surface raises it)
  'card_declined',
  // 401 / 403 / 404
  'api_key_missing',
  'credentials_invalid',
  'api_key_invalid',
  'api_key_revoked',
  'session_expired',
  'permission_denied',
  'csrf_token_invalid',
  'origin_invalid',
  'resource_missing',
  'route_missing',
  // 405: the route exists, the method does not (the answer's Allow header lists the methods)
  'method_not_allowed',
  // 413: counted while the body streams in (lib/http/read-body.ts), never from Content-Length
  'payload_too_large',
  'content_type_invalid',
  // 409 idempotency
  'idempotency_key_reused',
  'idempotency_key_in_use',
  'idempotency_key_invalid',
  // 429 / 500
  'login_locked',
  'rate_limited',
  'internal_error',
  // 503: the database is unreachable, or a transaction kept conflicting (PostgreSQL); retry
  'service_unavailable',
] as const;

export type ErrorCode = (typeof errorCodeList)[number];

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly param?: string;

  constructor(code: ErrorCode, message: string, options: { param?: string } = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.param = options.param;
  }
}

export function notFound(kind: string, id: string, param = 'id'): DomainError {
  return new DomainError('resource_missing', `No such ${kind}: '${id}'`, { param });
}
