import { index, integer, real, table, text, uniqueIndex } from './core';
import { timestamp, boolean } from './columns';
import { merchants } from './merchants';
import { payments } from './payments';

/**
 * Per-merchant thresholds; a merchant without a row uses the defaults (0.7 review, 0.8 block,
 * amounts in USD). `referenceCurrency` is the currency amount thresholds are kept in (the
 * large-amount risk rule, the large-transaction alert); payments are placed against them
 * through the indicative rates of `fx_rates`.
 */
export const riskSettings = table('risk_settings', {
  merchantId: text('merchant_id').primaryKey().references(() => merchants.id),
  reviewThreshold: real('review_threshold').notNull(),
  blockThreshold: real('block_threshold').notNull(),
  referenceCurrency: text('reference_currency').notNull().default('USD'),
  updatedAt: timestamp('updated_at').notNull(),
});

export const riskRuleActions = ['score', 'review', 'block'] as const;
export type RiskRuleAction = (typeof riskRuleActions)[number];

/** A merchant's custom rule; its content lives in versions, the newest being current. */
export const riskRules = table(
  'risk_rules',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull(),
    currentVersion: integer('current_version').notNull(),
    createdAt: timestamp('created_at').notNull(),
    updatedAt: timestamp('updated_at').notNull(),
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [index('risk_rules_merchant_idx').on(t.merchantId, t.deletedAt)],
);

export const riskRuleVersions = table(
  'risk_rule_versions',
  {
    ruleId: text('rule_id').notNull().references(() => riskRules.id),
    version: integer('version').notNull(),
    expression: text('expression').notNull(),
    action: text('action', { enum: riskRuleActions }).notNull(),
    // Added to the total when the expression is true (action `score`).
    score: real('score').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [uniqueIndex('risk_rule_versions_pk').on(t.ruleId, t.version)],
);

export const riskListKinds = ['customer_id', 'card_fingerprint', 'email', 'ip_address'] as const;
export type RiskListKind = (typeof riskListKinds)[number];

export const riskListEntries = table(
  'risk_list_entries',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    list: text('list', { enum: ['block', 'allow'] }).notNull(),
    kind: text('kind', { enum: riskListKinds }).notNull(),
    value: text('value').notNull(),
    reason: text('reason'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [uniqueIndex('risk_list_entries_unique').on(t.merchantId, t.kind, t.value, t.list)],
);

export const reviewStatuses = ['open', 'approved', 'rejected'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export const reviews = table(
  'reviews',
  {
    id: text('id').primaryKey(),
    merchantId: text('merchant_id').notNull().references(() => merchants.id),
    paymentId: text('payment_id').notNull().unique().references(() => payments.id),
    status: text('status', { enum: reviewStatuses }).notNull(),
    reason: text('reason'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at'),
    createdAt: timestamp('created_at').notNull(),
  },
  (t) => [index('reviews_merchant_status_idx').on(t.merchantId, t.status, t.id)],
);
