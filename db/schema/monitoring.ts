import { index, integer, real, table, text, uniqueIndex } from './core';
import { jsonText, timestamp, boolean } from './columns';
import { merchants } from './merchants';

export const alertTypes = ['high_failure_rate', 'large_transaction', 'review_backlog', 'webhook_failures'] as const;
export type AlertType = (typeof alertTypes)[number];

/** A merchant's override of an alert rule's defaults; no row means the defaults apply. */
export const alertRules = table(
  'alert_rules',
  {
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    type: text('type', { enum: alertTypes }).notNull(),
    enabled: boolean('enabled').notNull(),
    // Meaning per type: a rate (0..1), an amount in major units, or a count.
    threshold: real('threshold').notNull(),
    windowMinutes: integer('window_minutes').notNull(),
    minAttempts: integer('min_attempts').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
  },
  (t) => [uniqueIndex('alert_rules_pk').on(t.merchantId, t.type)],
);

export const alertStatuses = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

export const alerts = table(
  'alerts',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    type: text('type', { enum: alertTypes }).notNull(),
    status: text('status', { enum: alertStatuses }).notNull(),
    // One condition, one live alert: the key names the condition (a rule, or a payment).
    conditionKey: text('condition_key').notNull(),
    message: text('message').notNull(),
    data: jsonText<Record<string, unknown>>('data').notNull(),
    openedAt: timestamp('opened_at').notNull(),
    acknowledgedBy: text('acknowledged_by'),
    acknowledgedAt: timestamp('acknowledged_at'),
    resolvedAt: timestamp('resolved_at'),
  },
  (t) => [
    index('alerts_merchant_status_idx').on(t.merchantId, t.status, t.id),
    index('alerts_condition_idx').on(t.merchantId, t.conditionKey, t.status),
  ],
);
