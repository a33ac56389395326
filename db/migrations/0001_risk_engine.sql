CREATE TABLE `reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`payment_id` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`decided_by` text,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`payment_id`) REFERENCES `payments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reviews_payment_id_unique` ON `reviews` (`payment_id`);--> statement-breakpoint
CREATE INDEX `reviews_merchant_status_idx` ON `reviews` (`merchant_id`,`status`,`id`);--> statement-breakpoint
CREATE TABLE `risk_list_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`list` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`reason` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `risk_list_entries_unique` ON `risk_list_entries` (`merchant_id`,`kind`,`value`,`list`);--> statement-breakpoint
CREATE TABLE `risk_rule_versions` (
	`rule_id` text NOT NULL,
	`version` integer NOT NULL,
	`expression` text NOT NULL,
	`action` text NOT NULL,
	`score` real NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`rule_id`) REFERENCES `risk_rules`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `risk_rule_versions_pk` ON `risk_rule_versions` (`rule_id`,`version`);--> statement-breakpoint
CREATE TABLE `risk_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`name` text NOT NULL,
	`enabled` integer NOT NULL,
	`current_version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `risk_rules_merchant_idx` ON `risk_rules` (`merchant_id`,`deleted_at`);--> statement-breakpoint
CREATE TABLE `risk_settings` (
	`merchant_id` text PRIMARY KEY NOT NULL,
	`review_threshold` real NOT NULL,
	`block_threshold` real NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `payments` ADD `customer_email` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `ip_address` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `sealed_details` text;--> statement-breakpoint
CREATE INDEX `payments_merchant_email_idx` ON `payments` (`merchant_id`,`customer_email`);