CREATE TABLE `server_instances` (
	`id` text PRIMARY KEY NOT NULL,
	`host` text NOT NULL,
	`pid` integer NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `idempotency_keys` ADD `recovery_point` text DEFAULT 'started' NOT NULL;--> statement-breakpoint
ALTER TABLE `idempotency_keys` ADD `resource_type` text;--> statement-breakpoint
ALTER TABLE `idempotency_keys` ADD `resource_id` text;--> statement-breakpoint
ALTER TABLE `idempotency_keys` ADD `owner` text;--> statement-breakpoint
-- Data: keys that hold an answer are finished (answers stored before this stay readable as
-- plain JSON until they expire), except answers that carry a secret: those are dropped, so
-- no secret stays readable at rest (a replay of them runs again and makes a new key).
UPDATE `idempotency_keys` SET `recovery_point` = 'finished' WHERE `response_status` IS NOT NULL;--> statement-breakpoint
DELETE FROM `idempotency_keys` WHERE `response_body` LIKE '%"secret":"%';
