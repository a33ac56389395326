CREATE TABLE `alert_rules` (
	`merchant_id` text NOT NULL,
	`type` text NOT NULL,
	`enabled` integer NOT NULL,
	`threshold` real NOT NULL,
	`window_minutes` integer NOT NULL,
	`min_attempts` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_rules_pk` ON `alert_rules` (`merchant_id`,`type`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`condition_key` text NOT NULL,
	`message` text NOT NULL,
	`data` text NOT NULL,
	`opened_at` integer NOT NULL,
	`acknowledged_by` text,
	`acknowledged_at` integer,
	`resolved_at` integer,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `alerts_merchant_status_idx` ON `alerts` (`merchant_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_condition_idx` ON `alerts` (`merchant_id`,`condition_key`,`status`);