CREATE TABLE `fx_rates` (
	`currency` text PRIMARY KEY NOT NULL,
	`usd_rate` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `merchant_fx_rates` (
	`merchant_id` text NOT NULL,
	`currency` text NOT NULL,
	`usd_rate` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`merchant_id`, `currency`),
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `risk_settings` ADD `reference_currency` text DEFAULT 'USD' NOT NULL;