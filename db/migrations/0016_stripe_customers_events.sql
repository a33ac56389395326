CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`email` text,
	`name` text,
	`phone` text,
	`description` text,
	`metadata` text NOT NULL,
	`default_payment_method` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customers_merchant_idx` ON `customers` (`merchant_id`,`id`);--> statement-breakpoint
CREATE INDEX `customers_merchant_email_idx` ON `customers` (`merchant_id`,`email`);--> statement-breakpoint
CREATE TABLE `saved_payment_methods` (
	`id` text PRIMARY KEY NOT NULL,
	`merchant_id` text NOT NULL,
	`customer_id` text,
	`template` text NOT NULL,
	`card` text NOT NULL,
	`metadata` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`detached_at` integer,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `saved_payment_methods_customer_idx` ON `saved_payment_methods` (`merchant_id`,`customer_id`,`id`);--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `stripe_event_type` text;--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `format` text DEFAULT 'tillpoint' NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `metadata` text DEFAULT '{}' NOT NULL;