ALTER TABLE `simulated_charges` ADD `captured_at` integer;--> statement-breakpoint
CREATE INDEX `payments_processor_reference_idx` ON `payments` (`processor_reference`);--> statement-breakpoint
CREATE INDEX `refunds_processor_reference_idx` ON `refunds` (`processor_reference`);