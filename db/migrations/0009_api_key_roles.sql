ALTER TABLE `api_keys` ADD `role` text DEFAULT 'viewer' NOT NULL;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `created_by_user_id` text;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `last_used_at` integer;--> statement-breakpoint
CREATE INDEX `api_keys_created_by_user_idx` ON `api_keys` (`created_by_user_id`);--> statement-breakpoint
-- Hand-written data migration. Until now every API key acted as the owner. Each existing key
-- now gets the role of whoever made it, following keys made with keys back to their origin:
--   * made by the CLI or at setup (created_by NULL at the origin): owner;
--   * made by a signed-in user (created_by = their email), directly or through keys made with
--     keys: that user's current role, and created_by_user_id = that user;
--   * made by a user who has since been removed, or whose origin cannot be traced: viewer, and
--     revoked now, because from this release on removing a user revokes the keys they made.
CREATE TEMP TABLE `api_key_origins` AS
WITH RECURSIVE chain(key_id, creator, depth) AS (
  SELECT id, created_by, 0 FROM api_keys
  UNION ALL
  SELECT chain.key_id, parent.created_by, chain.depth + 1
  FROM chain JOIN api_keys parent ON parent.id = chain.creator
  WHERE chain.depth < 64
)
SELECT c.key_id, c.creator FROM chain c
WHERE c.depth = (SELECT max(d.depth) FROM chain d WHERE d.key_id = c.key_id);--> statement-breakpoint
UPDATE `api_keys` SET `role` = 'owner'
WHERE id IN (SELECT key_id FROM api_key_origins WHERE creator IS NULL);--> statement-breakpoint
UPDATE `api_keys` SET
  `created_by_user_id` = (SELECT u.id FROM api_key_origins o JOIN users u ON u.email = lower(o.creator) WHERE o.key_id = api_keys.id AND u.merchant_id = api_keys.merchant_id),
  `role` = (SELECT u.role FROM api_key_origins o JOIN users u ON u.email = lower(o.creator) WHERE o.key_id = api_keys.id AND u.merchant_id = api_keys.merchant_id)
WHERE EXISTS (SELECT 1 FROM api_key_origins o JOIN users u ON u.email = lower(o.creator) WHERE o.key_id = api_keys.id AND u.merchant_id = api_keys.merchant_id);--> statement-breakpoint
UPDATE `api_keys` SET `role` = 'viewer', `revoked_at` = coalesce(`revoked_at`, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))
WHERE `created_by_user_id` IS NULL AND id IN (SELECT key_id FROM api_key_origins WHERE creator IS NOT NULL);--> statement-breakpoint
DROP TABLE `api_key_origins`;
