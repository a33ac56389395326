-- Hand-edited. drizzle-kit generated ADD COLUMN ... NOT NULL (which SQLite refuses on a table
-- without a default) and DROP COLUMN; the table is rebuilt instead, converting each row.
-- Fee `fixed` and `cap` move from major-unit decimal strings ("0.30") to integer thousandths
-- of a major unit (300). Every value with at most 3 decimals (all the API's defaults and any
-- sane fee) converts exactly; a finer value rounds half-even to thousandths (one that large
-- can only come from the API's old unbounded strings) and anything above the per-payment
-- maximum is clamped to it (999,999,999.99), which charges the same: a fee never exceeds the
-- amount.
CREATE TEMP TABLE `fee_amounts` AS
WITH
  `strings`(`value`) AS (
    SELECT `fixed` FROM `fee_schedules`
    UNION SELECT `cap` FROM `fee_schedules` WHERE `cap` IS NOT NULL
  ),
  `parts`(`value`, `whole`, `fraction`) AS (
    SELECT `value`,
      CASE WHEN instr(`value`, '.') = 0 THEN `value` ELSE substr(`value`, 1, instr(`value`, '.') - 1) END,
      CASE WHEN instr(`value`, '.') = 0 THEN '' ELSE substr(`value`, instr(`value`, '.') + 1) END
    FROM `strings`
  ),
  `scaled`(`value`, `base`, `rest`) AS (
    SELECT `value`,
      CASE WHEN length(ltrim(`whole`, '0')) > 9 THEN 999999999990
        ELSE CAST(`whole` AS INTEGER) * 1000 + CAST(substr(`fraction` || '000', 1, 3) AS INTEGER) END,
      CASE WHEN length(ltrim(`whole`, '0')) > 9 THEN '' ELSE substr(`fraction`, 4) END
    FROM `parts`
  )
SELECT `value`, min(999999999990, `base` + CASE
    WHEN substr(`rest`, 1, 1) > '5' THEN 1
    WHEN substr(`rest`, 1, 1) = '5' AND (rtrim(substr(`rest`, 2), '0') <> '' OR `base` % 2 = 1) THEN 1
    ELSE 0 END) AS `thousandths`
FROM `scaled`;--> statement-breakpoint
CREATE TABLE `__new_fee_schedules` (
	`merchant_id` text NOT NULL,
	`method` text NOT NULL,
	`rate_ppm` integer NOT NULL,
	`fixed_thousandths` integer NOT NULL,
	`cap_thousandths` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`merchant_id`) REFERENCES `merchants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_fee_schedules` (`merchant_id`, `method`, `rate_ppm`, `fixed_thousandths`, `cap_thousandths`, `updated_at`)
SELECT `merchant_id`, `method`, `rate_ppm`,
  (SELECT `thousandths` FROM `fee_amounts` WHERE `value` = `fee_schedules`.`fixed`),
  (SELECT `thousandths` FROM `fee_amounts` WHERE `value` = `fee_schedules`.`cap`),
  `updated_at`
FROM `fee_schedules`;--> statement-breakpoint
DROP TABLE `fee_schedules`;--> statement-breakpoint
ALTER TABLE `__new_fee_schedules` RENAME TO `fee_schedules`;--> statement-breakpoint
CREATE UNIQUE INDEX `fee_schedules_pk` ON `fee_schedules` (`merchant_id`,`method`);--> statement-breakpoint
DROP TABLE `fee_amounts`;
