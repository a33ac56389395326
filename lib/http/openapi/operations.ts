import { z } from 'zod';
import { deletedObject, listOf, pagedListOf } from '@/lib/api-objects';
import type { ErrorCode } from '@/lib/errors';
import { balanceObject } from '@/lib/ledger/balance';
import { addUserBody, changeRoleBody, userObject } from '@/lib/merchants/team';
import { alertRuleObject, alertRuleParams, updateAlertRuleBody } from '@/lib/monitoring/alert-rules';
import { alertObject, listAlertsQuery } from '@/lib/monitoring/alerts';
import { metricsSummaryObject, metricsTimeseriesObject, summaryQuery, timeseriesQuery } from '@/lib/monitoring/metrics';
import { cancelBody, captureBody, createPaymentBody, listPaymentsQuery, refundBody } from '@/lib/payments/schemas';
import { paymentDetailObject, paymentObject, refundObject } from '@/lib/payments/serialize';
import { backtestRuleBody, riskRuleBacktestObject } from '@/lib/risk/backtest';
import { eventObject, listEventsQuery } from '@/lib/events/events';
import { rejectReviewBody } from '@/lib/review-queue/decide-review';
import { listReviewsQuery, reviewObject } from '@/lib/review-queue/list-reviews';
import { createCustomRuleBody, updateCustomRuleBody } from '@/lib/risk/custom-rules/schemas';
import { customRuleObject } from '@/lib/risk/custom-rules/serialize';
import { listEntriesQuery, listEntryBody, riskListEntryObject } from '@/lib/risk/lists';
import { riskSettingsBody, riskSettingsObject } from '@/lib/risk/settings';
import { apiKeyObject, createApiKeyBody, newApiKeyObject } from '@/lib/security/api-keys';
import { changePasswordBody } from '@/lib/security/change-password';
import type { Permission } from '@/lib/security/permissions';
import { sessionObject } from '@/lib/security/sessions';
import { balanceTransactionObject, listBalanceTransactionsQuery } from '@/lib/settlement/balance-transactions';
import { feeSettingsBody, feeSettingsObject } from '@/lib/settlement/fees';
import { processorReportQuery } from '@/lib/settlement/processor-report';
import { createPayoutBody, listPayoutsQuery, payoutObject, payoutOutcomeParams } from '@/lib/settlement/payouts';
import { importReportQuery, listReconciliationRunsQuery, reconciliationItemsQuery, resolveItemBody } from '@/lib/settlement/reconciliation/schemas';
import { reconciliationItemObject, reconciliationRunObject } from '@/lib/settlement/reconciliation/serialize';
import { listDeliveriesQuery, resendEventBody, webhookDeliveryObject } from '@/lib/webhooks/deliveries';
import { createEndpointBody, rollSecretBody, updateEndpointBody, webhookEndpointObject } from '@/lib/webhooks/endpoints';
import { requestLogObject, requestLogsQuery } from '../request-log';
import { fxRateBody, fxRateObject } from '@/lib/fx/rates';

/**
 * Every operation of the native API (`/api/v1`), the source of the OpenAPI document
 * (`./document.ts`, served at GET /api/v1/openapi.json) and of the dashboard's typed client
 * (components/api.ts). Request schemas are the ones the routes parse with (a test checks they
 * are the same objects); response schemas are the ones the serializers' types come from.
 *
 * `errors` lists the codes the operation's own logic raises; the ones every route can answer
 * (authentication, permission, validation, idempotency, rate limit) are added by the document.
 */
export type Operation = {
  tag: Tag;
  summary: string;
  description?: string;
  /** What the caller's role must allow; null for the public document itself. */
  permission: Permission | null;
  /** Path parameters with a constrained value; the others are plain strings (ids). */
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body that is not JSON (uploads): media type → schema. */
  rawBody?: Record<string, z.ZodType>;
  /** Successful statuses; the first is the usual one. Default 200. */
  status?: readonly number[];
  /** The JSON answer, or for a non-JSON answer its media type. */
  response: z.ZodType | { mediaType: string };
  errors?: readonly ErrorCode[];
};

export const tags = [
  { name: 'Payments', description: 'Create, capture, cancel and list payments.' },
  { name: 'Refunds', description: 'Full and partial refunds of captured payments.' },
  { name: 'Reviews', description: 'Payments held by the risk engine for a person to decide.' },
  { name: 'Risk', description: 'Thresholds, block and allow lists, and custom rules.' },
  { name: 'Balance and payouts', description: 'Ledger views, fees and payouts.' },
  { name: 'Reconciliation', description: "Matching the processor's settlement report against the ledger." },
  { name: 'Monitoring', description: 'Metrics, alerts and alert rules.' },
  { name: 'Events and webhooks', description: 'The event log and signed webhook deliveries.' },
  { name: 'Developers', description: 'API keys and the request log.' },
  { name: 'Account and team', description: 'The caller, their sessions and the merchant team.' },
  { name: 'Test helpers', description: 'Test mode only: move simulated payments and payouts along. Absent (404) in live mode.' },
  { name: 'Meta', description: 'This document.' },
] as const;
export type Tag = (typeof tags)[number]['name'];

const created = [201] as const;
/** In live mode a test helper does not exist: 404 like any unknown URL. */
const testModeOnly = ['route_missing'] as const;

const principalObject = z
  .strictObject({
    object: z.literal('principal'),
    actor: z.string().describe('The API key id or the signed-in email, as recorded on what the caller does.'),
    via: z.enum(['api_key', 'session']),
    role: z.enum(['owner', 'developer', 'support', 'viewer']),
    merchant: z.strictObject({ id: z.string(), name: z.string() }),
    permissions: z.array(z.string()),
  })
  .meta({ id: 'Principal', description: 'Who is calling and what they may do.' });

const payoutDetailObject = payoutObject
  .extend({ balance_transactions: listOf(balanceTransactionObject) })
  .meta({ id: 'PayoutDetail', description: 'A payout with the balance transactions it paid out.' });

const reconciliationRunDetailObject = reconciliationRunObject
  .extend({ items: listOf(reconciliationItemObject) })
  .meta({ id: 'ReconciliationRunDetail', description: 'A run with its items.' });

const reconciliationImportObject = reconciliationRunObject
  .extend({ duplicate: z.boolean().describe('True (status 200) when the same file was imported before: the earlier run.') })
  .meta({ id: 'ReconciliationImport' });

/** Media types an upload of the settlement report may use. */
const reportUpload = {
  'text/csv': z.string().describe('The report CSV (columns date, processor_reference, type, amount, fee, currency).'),
  'multipart/form-data': z.strictObject({ file: z.string().describe('The report CSV file.') }),
};

export const operations = {
  // Payments
  'POST /payments': {
    tag: 'Payments',
    summary: 'Create a payment',
    description:
      'Creates and (unless `capture: false`, which only authorizes) confirms a payment. The risk engine scores it first: it may be held for review (`pending`) or blocked (`failed`). Send an `Idempotency-Key` header to retry safely.',
    permission: 'payments:create',
    body: createPaymentBody,
    status: created,
    response: paymentDetailObject,
    errors: ['amount_invalid', 'currency_invalid', 'payment_details_invalid', 'card_number_invalid', 'card_expiry_invalid', 'card_cvc_invalid'],
  },
  'GET /payments': {
    tag: 'Payments',
    summary: 'List payments',
    description: 'Newest first; page with `starting_after` set to the previous page\'s `next_cursor`.',
    permission: 'payments:read',
    query: listPaymentsQuery,
    response: pagedListOf(paymentObject),
  },
  'GET /payments/{id}': { tag: 'Payments', summary: 'Retrieve a payment', permission: 'payments:read', response: paymentDetailObject },
  'POST /payments/{id}/capture': {
    tag: 'Payments',
    summary: 'Capture a payment',
    description: 'Captures an authorized payment, all of it or a smaller `amount`.',
    permission: 'payments:manage',
    body: captureBody,
    response: paymentDetailObject,
    errors: ['payment_state_invalid', 'capture_exceeds_authorized', 'amount_invalid'],
  },
  'POST /payments/{id}/cancel': {
    tag: 'Payments',
    summary: 'Cancel a payment',
    description: 'Cancels a payment that is not captured yet (authorized, or held for review).',
    permission: 'payments:manage',
    body: cancelBody,
    response: paymentDetailObject,
    errors: ['payment_state_invalid'],
  },
  // Refunds
  'POST /payments/{id}/refunds': {
    tag: 'Refunds',
    summary: 'Refund a payment',
    description: 'Refunds all that is left, or `amount` of it. Refunds never change the payment\'s `status`; they raise `amount_refunded`.',
    permission: 'refunds:create',
    body: refundBody,
    status: created,
    response: refundObject,
    errors: ['payment_state_invalid', 'refund_exceeds_remaining', 'amount_invalid'],
  },
  'GET /payments/{id}/refunds': { tag: 'Refunds', summary: "List a payment's refunds", permission: 'payments:read', response: listOf(refundObject) },
  'GET /refunds/{id}': { tag: 'Refunds', summary: 'Retrieve a refund', permission: 'payments:read', response: refundObject },
  // Reviews
  'GET /reviews': { tag: 'Reviews', summary: 'List reviews', permission: 'payments:read', query: listReviewsQuery, response: pagedListOf(reviewObject) },
  'GET /reviews/{id}': { tag: 'Reviews', summary: 'Retrieve a review', permission: 'payments:read', response: reviewObject },
  'POST /reviews/{id}/approve': {
    tag: 'Reviews',
    summary: 'Approve a review',
    description: 'Sends the held payment to the processor.',
    permission: 'reviews:decide',
    response: reviewObject,
    errors: ['review_already_decided'],
  },
  'POST /reviews/{id}/reject': {
    tag: 'Reviews',
    summary: 'Reject a review',
    description: 'Fails the held payment; nothing reaches the processor.',
    permission: 'reviews:decide',
    body: rejectReviewBody,
    response: reviewObject,
    errors: ['review_already_decided'],
  },
  // Risk
  'GET /fx_rates': { tag: 'Risk', summary: 'List the indicative exchange rates in effect', permission: 'payments:read', response: listOf(fxRateObject) },
  'POST /fx_rates/{currency}': { tag: 'Risk', summary: "Set this merchant's own rate for a currency", permission: 'fx:manage', body: fxRateBody, response: fxRateObject, errors: ['currency_invalid'] },
  'DELETE /fx_rates/{currency}': { tag: 'Risk', summary: "Drop this merchant's own rate (the installation's applies again)", permission: 'fx:manage', response: fxRateObject, errors: ['currency_invalid'] },
  'GET /risk/settings': { tag: 'Risk', summary: 'Retrieve the risk thresholds', permission: 'payments:read', response: riskSettingsObject },
  'POST /risk/settings': { tag: 'Risk', summary: 'Update the risk thresholds', permission: 'risk:manage', body: riskSettingsBody, response: riskSettingsObject, errors: ['currency_invalid'] },
  'GET /risk/lists': { tag: 'Risk', summary: 'List block and allow list entries', permission: 'payments:read', query: listEntriesQuery, response: listOf(riskListEntryObject) },
  'POST /risk/lists': { tag: 'Risk', summary: 'Add a list entry', permission: 'risk:manage', body: listEntryBody, status: created, response: riskListEntryObject },
  'DELETE /risk/lists/{id}': { tag: 'Risk', summary: 'Remove a list entry', permission: 'risk:manage', response: deletedObject('risk_list_entry') },
  'GET /risk/rules': { tag: 'Risk', summary: 'List custom rules', permission: 'payments:read', response: listOf(customRuleObject) },
  'POST /risk/rules': {
    tag: 'Risk',
    summary: 'Create a custom rule',
    permission: 'risk:manage',
    body: createCustomRuleBody,
    status: created,
    response: customRuleObject,
    errors: ['rule_expression_invalid'],
  },
  'GET /risk/rules/{id}': { tag: 'Risk', summary: 'Retrieve a custom rule with its versions', permission: 'payments:read', response: customRuleObject },
  'POST /risk/rules/{id}': {
    tag: 'Risk',
    summary: 'Update a custom rule',
    description: 'A change of expression, action or score makes a new version.',
    permission: 'risk:manage',
    body: updateCustomRuleBody,
    response: customRuleObject,
    errors: ['rule_expression_invalid'],
  },
  'DELETE /risk/rules/{id}': { tag: 'Risk', summary: 'Delete a custom rule', permission: 'risk:manage', response: deletedObject('risk_rule') },
  'POST /risk/rules/test': {
    tag: 'Risk',
    summary: 'Backtest a draft rule',
    description: "Runs the draft against the merchant's recent payments; nothing is written.",
    permission: 'risk:manage',
    body: backtestRuleBody,
    response: riskRuleBacktestObject,
    errors: ['rule_expression_invalid'],
  },
  // Balance and payouts
  'GET /balance': { tag: 'Balance and payouts', summary: 'Retrieve the balance', permission: 'payments:read', response: balanceObject },
  'GET /balance_transactions': {
    tag: 'Balance and payouts',
    summary: 'List balance transactions',
    permission: 'payments:read',
    query: listBalanceTransactionsQuery,
    response: pagedListOf(balanceTransactionObject),
  },
  'GET /payouts': { tag: 'Balance and payouts', summary: 'List payouts', permission: 'payments:read', query: listPayoutsQuery, response: pagedListOf(payoutObject) },
  'POST /payouts': {
    tag: 'Balance and payouts',
    summary: 'Create a manual payout',
    description: 'Pays out part or all of the available balance of one currency.',
    permission: 'payouts:create',
    body: createPayoutBody,
    status: created,
    response: payoutObject,
    errors: ['amount_invalid', 'currency_invalid', 'payout_exceeds_available'],
  },
  'GET /payouts/{id}': { tag: 'Balance and payouts', summary: 'Retrieve a payout', permission: 'payments:read', response: payoutDetailObject },
  'GET /fee_settings': { tag: 'Balance and payouts', summary: 'Retrieve the fee settings', permission: 'payments:read', response: feeSettingsObject },
  'POST /fee_settings': {
    tag: 'Balance and payouts',
    summary: 'Update the fee settings',
    permission: 'team:manage',
    body: feeSettingsBody,
    response: feeSettingsObject,
    errors: ['amount_invalid'],
  },
  // Reconciliation
  'POST /reconciliation/imports': {
    tag: 'Reconciliation',
    summary: 'Import a settlement report',
    description: 'Matches each line against the ledger. 201 with the new run, or 200 with the earlier run when the same file was imported before.',
    permission: 'payouts:create',
    query: importReportQuery,
    rawBody: reportUpload,
    status: [201, 200],
    response: reconciliationImportObject,
    errors: ['report_invalid'],
  },
  'GET /reconciliation/runs': {
    tag: 'Reconciliation',
    summary: 'List reconciliation runs',
    permission: 'payments:read',
    query: listReconciliationRunsQuery,
    response: pagedListOf(reconciliationRunObject),
  },
  'GET /reconciliation/runs/{id}': {
    tag: 'Reconciliation',
    summary: 'Retrieve a run with its items',
    permission: 'payments:read',
    query: reconciliationItemsQuery,
    response: reconciliationRunDetailObject,
  },
  'POST /reconciliation/items/{id}/resolve': {
    tag: 'Reconciliation',
    summary: 'Resolve a break',
    permission: 'payouts:create',
    body: resolveItemBody,
    response: reconciliationItemObject,
    errors: ['reconciliation_item_state_invalid'],
  },
  // Monitoring
  'GET /metrics/summary': { tag: 'Monitoring', summary: 'Totals per currency', permission: 'payments:read', query: summaryQuery, response: metricsSummaryObject, errors: ['currency_invalid'] },
  'GET /metrics/timeseries': {
    tag: 'Monitoring',
    summary: 'A time series per hour or day',
    permission: 'payments:read',
    query: timeseriesQuery,
    response: metricsTimeseriesObject,
    errors: ['currency_invalid'],
  },
  'GET /alerts': { tag: 'Monitoring', summary: 'List alerts', permission: 'payments:read', query: listAlertsQuery, response: listOf(alertObject) },
  'POST /alerts/{id}/acknowledge': {
    tag: 'Monitoring',
    summary: 'Acknowledge an alert',
    permission: 'alerts:acknowledge',
    response: alertObject,
    errors: ['alert_state_invalid'],
  },
  'GET /alert_rules': { tag: 'Monitoring', summary: 'List alert rules', permission: 'payments:read', response: listOf(alertRuleObject) },
  'POST /alert_rules/{type}': {
    tag: 'Monitoring',
    summary: 'Update an alert rule',
    permission: 'alerts:configure',
    params: alertRuleParams,
    body: updateAlertRuleBody,
    response: alertRuleObject,
  },
  // Events and webhooks
  'GET /events': { tag: 'Events and webhooks', summary: 'List events', permission: 'payments:read', query: listEventsQuery, response: pagedListOf(eventObject) },
  'GET /events/{id}': { tag: 'Events and webhooks', summary: 'Retrieve an event', permission: 'payments:read', response: eventObject },
  'POST /events/{id}/resend': {
    tag: 'Events and webhooks',
    summary: 'Resend an event',
    description: 'Queues a new delivery to one endpoint, or to every enabled endpoint that subscribes to it.',
    permission: 'developers:manage',
    body: resendEventBody,
    response: listOf(webhookDeliveryObject),
    errors: ['webhook_endpoint_disabled'],
  },
  'GET /webhook_endpoints': { tag: 'Events and webhooks', summary: 'List webhook endpoints', permission: 'developers:manage', response: listOf(webhookEndpointObject) },
  'POST /webhook_endpoints': {
    tag: 'Events and webhooks',
    summary: 'Create a webhook endpoint',
    description: 'The answer carries the signing `secret`, shown only here.',
    permission: 'developers:manage',
    body: createEndpointBody,
    status: created,
    response: webhookEndpointObject,
  },
  'GET /webhook_endpoints/{id}': { tag: 'Events and webhooks', summary: 'Retrieve a webhook endpoint', permission: 'developers:manage', response: webhookEndpointObject },
  'POST /webhook_endpoints/{id}': {
    tag: 'Events and webhooks',
    summary: 'Update a webhook endpoint',
    permission: 'developers:manage',
    body: updateEndpointBody,
    response: webhookEndpointObject,
  },
  'PATCH /webhook_endpoints/{id}': {
    tag: 'Events and webhooks',
    summary: 'Update a webhook endpoint (PATCH)',
    description: 'The same as POST.',
    permission: 'developers:manage',
    body: updateEndpointBody,
    response: webhookEndpointObject,
  },
  'DELETE /webhook_endpoints/{id}': {
    tag: 'Events and webhooks',
    summary: 'Delete a webhook endpoint',
    description: 'Its pending deliveries fail.',
    permission: 'developers:manage',
    response: deletedObject('webhook_endpoint'),
  },
  'POST /webhook_endpoints/{id}/roll_secret': {
    tag: 'Events and webhooks',
    summary: 'Roll the signing secret',
    description: 'The answer carries the new `secret`; the old one keeps signing until `previous_secret_expires`.',
    permission: 'developers:manage',
    body: rollSecretBody,
    response: webhookEndpointObject,
  },
  'GET /webhook_endpoints/{id}/deliveries': {
    tag: 'Events and webhooks',
    summary: "List an endpoint's deliveries",
    permission: 'developers:manage',
    query: listDeliveriesQuery,
    response: pagedListOf(webhookDeliveryObject),
  },
  // Developers
  'GET /api_keys': { tag: 'Developers', summary: 'List API keys', permission: 'developers:manage', response: listOf(apiKeyObject) },
  'POST /api_keys': {
    tag: 'Developers',
    summary: 'Create an API key',
    description: 'The answer carries the `secret`, shown only here; Tillpoint keeps its hash.',
    permission: 'developers:manage',
    body: createApiKeyBody,
    status: created,
    response: newApiKeyObject,
  },
  'POST /api_keys/{id}/revoke': { tag: 'Developers', summary: 'Revoke an API key', permission: 'developers:manage', response: apiKeyObject },
  'GET /request_logs': { tag: 'Developers', summary: 'Recent API requests', permission: 'developers:manage', query: requestLogsQuery, response: listOf(requestLogObject) },
  // Account and team
  'GET /me': { tag: 'Account and team', summary: 'Who is calling', permission: 'payments:read', response: principalObject },
  'POST /me/password': {
    tag: 'Account and team',
    summary: 'Change your password',
    description: 'Dashboard sessions only. Needs the current password; ends your other sessions.',
    permission: 'payments:read',
    body: changePasswordBody,
    response: z.strictObject({ object: z.literal('password_change'), changed: z.literal(true), sessions_revoked: z.number().int() }),
    errors: ['credentials_invalid'],
  },
  'GET /me/sessions': { tag: 'Account and team', summary: 'Your sessions', description: 'Dashboard sessions only.', permission: 'payments:read', response: pagedListOf(sessionObject) },
  'DELETE /me/sessions': {
    tag: 'Account and team',
    summary: 'Sign out everywhere else',
    description: 'Dashboard sessions only.',
    permission: 'payments:read',
    response: z.strictObject({ object: z.literal('session_revocation'), revoked: z.number().int() }),
  },
  'DELETE /me/sessions/{id}': { tag: 'Account and team', summary: 'End one of your sessions', permission: 'payments:read', response: deletedObject('session') },
  'GET /team': { tag: 'Account and team', summary: 'List the team', description: 'Dashboard sessions only.', permission: 'team:manage', response: listOf(userObject) },
  'POST /team': { tag: 'Account and team', summary: 'Add a person', permission: 'team:manage', body: addUserBody, status: created, response: userObject },
  'POST /team/{id}': { tag: 'Account and team', summary: "Change a person's role", permission: 'team:manage', body: changeRoleBody, response: userObject },
  'DELETE /team/{id}': { tag: 'Account and team', summary: 'Remove a person', permission: 'team:manage', response: deletedObject('user') },
  // Test helpers
  'POST /test_helpers/payments/{id}/advance': {
    tag: 'Test helpers',
    summary: 'Settle an in-flight payment now',
    description: 'A `processing` bank transfer or crypto payment reaches its outcome at once.',
    permission: 'payments:create',
    response: paymentDetailObject,
    errors: ['payment_state_invalid', ...testModeOnly],
  },
  'POST /test_helpers/payouts/{id}/{outcome}': {
    tag: 'Test helpers',
    summary: 'Finish a payout',
    permission: 'payouts:create',
    params: payoutOutcomeParams,
    response: payoutObject,
    errors: ['payout_state_invalid', ...testModeOnly],
  },
  'GET /test_helpers/processor_report': {
    tag: 'Test helpers',
    summary: "The simulated processors' settlement report",
    description: 'The CSV report for one UTC day, as a processor would send it (to import into reconciliation).',
    permission: 'payments:read',
    query: processorReportQuery,
    response: { mediaType: 'text/csv' },
    errors: ['parameter_missing', ...testModeOnly],
  },
  // Meta
  'GET /openapi.json': {
    tag: 'Meta',
    summary: 'This OpenAPI 3.1 document',
    description: 'Public: no authentication. Cacheable; send `If-None-Match` with its `ETag` to get a 304 while it is unchanged.',
    permission: null,
    status: [200, 304],
    response: { mediaType: 'application/json' },
  },
} as const satisfies Record<string, Operation>;

export type Operations = typeof operations;
export type OperationKey = keyof Operations;
