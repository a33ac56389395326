CREATE TABLE `balance_transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`type` text NOT NULL,
	`source_id` text NOT NULL,
	`amount` integer NOT NULL,
	`fee` integer NOT NULL,
	`net` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`available_on` integer NOT NULL,
	`payout_id` text,
	`description` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `balance_transactions_source_unique` ON `balance_transactions` (`type`,`source_id`);--> statement-breakpoint
CREATE INDEX `balance_transactions_merchant_idx` ON `balance_transactions` (`merchant_id`,`id`);--> statement-breakpoint
CREATE INDEX `balance_transactions_pending_idx` ON `balance_transactions` (`status`,`available_on`);--> statement-breakpoint
CREATE INDEX `balance_transactions_unpaid_idx` ON `balance_transactions` (`merchant_id`,`currency`,`payout_id`,`status`);--> statement-breakpoint
CREATE INDEX `balance_transactions_payout_idx` ON `balance_transactions` (`payout_id`);--> statement-breakpoint
CREATE TABLE `fee_schedules` (
	`merchant_id` text NOT NULL,
	`method` text NOT NULL,
	`rate_ppm` integer NOT NULL,
	`fixed` text NOT NULL,
	`cap` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fee_schedules_pk` ON `fee_schedules` (`merchant_id`,`method`);--> statement-breakpoint
CREATE TABLE `payouts` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`method` text NOT NULL,
	`settlement_date` text,
	`arrival_date` integer NOT NULL,
	`failure_code` text,
	`description` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payouts_merchant_idx` ON `payouts` (`merchant_id`,`id`);--> statement-breakpoint
CREATE INDEX `payouts_status_idx` ON `payouts` (`status`,`arrival_date`);--> statement-breakpoint
CREATE TABLE `reconciliation_items` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`merchant_id` text NOT NULL,
	`result` text NOT NULL,
	`line_number` integer,
	`report` text,
	`ledger_source_id` text,
	`ledger` text,
	`difference` text,
	`resolved_by` text,
	`resolved_at` integer,
	`resolution_note` text,
	FOREIGN KEY (`run_id`) REFERENCES `reconciliation_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reconciliation_items_run_idx` ON `reconciliation_items` (`run_id`,`result`);--> statement-breakpoint
CREATE TABLE `reconciliation_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`file_hash` text NOT NULL,
	`filename` text,
	`line_count` integer NOT NULL,
	`summary` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reconciliation_runs_file_unique` ON `reconciliation_runs` (`merchant_id`,`file_hash`);--> statement-breakpoint
CREATE INDEX `reconciliation_runs_merchant_idx` ON `reconciliation_runs` (`merchant_id`,`id`);--> statement-breakpoint
CREATE TABLE `settlement_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`currency` text NOT NULL,
	`date` text NOT NULL,
	`transaction_count` integer NOT NULL,
	`total` integer NOT NULL,
	`payout_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `settlement_batches_unique` ON `settlement_batches` (`merchant_id`,`currency`,`date`);--> statement-breakpoint
CREATE TABLE `settlement_settings` (
	`merchant_id` text PRIMARY KEY NOT NULL,
	`refund_fee_policy` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `payments` ADD `fee` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `payments` ADD `fee_refunded` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `refunds` ADD `processor_reference` text;