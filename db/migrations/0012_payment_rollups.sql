CREATE TABLE `payment_rollups` (
	`merchant_id` text NOT NULL,
	`currency` text NOT NULL,
	`method` text NOT NULL,
	`status` text NOT NULL,
	`hour` integer NOT NULL,
	`count` integer NOT NULL,
	`amount` integer NOT NULL,
	`volume` integer NOT NULL,
	`refunded` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payment_rollups_cell` ON `payment_rollups` (`merchant_id`,`currency`,`method`,`status`,`hour`);