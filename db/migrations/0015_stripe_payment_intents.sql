CREATE TABLE `payment_intent_attempts` (
	`payment_id` text PRIMARY KEY NOT NULL,
	`payment_intent_id` text NOT NULL,
	`merchant_id` text NOT NULL,
	`payment_method` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`payment_intent_id`) REFERENCES `payment_intents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_intent_attempts_intent_idx` ON `payment_intent_attempts` (`payment_intent_id`);--> statement-breakpoint
CREATE TABLE `payment_intents` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`capture_method` text NOT NULL,
	`payment_method` text,
	`payment_method_types` text NOT NULL,
	`customer_id` text,
	`description` text,
	`metadata` text NOT NULL,
	`client_secret` text NOT NULL,
	`payment_id` text,
	`cancellation_reason` text,
	`canceled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `payment_intents_merchant_idx` ON `payment_intents` (`merchant_id`,`id`);--> statement-breakpoint
CREATE INDEX `payment_intents_merchant_customer_idx` ON `payment_intents` (`merchant_id`,`customer_id`,`id`);--> statement-breakpoint
CREATE INDEX `payment_intents_payment_idx` ON `payment_intents` (`payment_id`);--> statement-breakpoint
ALTER TABLE `refunds` ADD `metadata` text DEFAULT '{}' NOT NULL;