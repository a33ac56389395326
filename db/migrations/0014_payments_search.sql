-- Hand-written, SQLite only (db/payment-search.ts queries it; a PostgreSQL port uses pg_trgm):
-- a trigram full-text index over what `q` searches, kept in step with payments by triggers
-- (payments are never deleted), then filled from the payments already stored.
CREATE VIRTUAL TABLE `payments_search` USING fts5(id, customer_id, customer_email, description, last4, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `payments_search_insert` AFTER INSERT ON `payments` BEGIN
  INSERT INTO `payments_search` (rowid, id, customer_id, customer_email, description, last4)
  VALUES (new.rowid, new.id, new.customer_id, new.customer_email, new.description, json_extract(new.details, '$.last4'));
END;
--> statement-breakpoint
CREATE TRIGGER `payments_search_update` AFTER UPDATE OF id, customer_id, customer_email, description, details ON `payments` BEGIN
  DELETE FROM `payments_search` WHERE rowid = old.rowid;
  INSERT INTO `payments_search` (rowid, id, customer_id, customer_email, description, last4)
  VALUES (new.rowid, new.id, new.customer_id, new.customer_email, new.description, json_extract(new.details, '$.last4'));
END;
--> statement-breakpoint
INSERT INTO `payments_search` (rowid, id, customer_id, customer_email, description, last4)
SELECT rowid, id, customer_id, customer_email, description, json_extract(details, '$.last4') FROM `payments`;
