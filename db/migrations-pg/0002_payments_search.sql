-- Hand-written, PostgreSQL only (SQLite's twin is db/migrations/0014_payments_search.sql, an
-- FTS5 table): a pg_trgm GIN index on what `q` searches, the fields joined by a unit separator
-- so a match cannot span two of them. db/payment-search.ts queries this very expression with
-- ILIKE '%term%'; change both together. Re-apply after regenerating the schema migrations.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "payments_search_trgm" ON "payments" USING gin ((
  "id" || E'\x1f' || coalesce("customer_id", '') || E'\x1f' || coalesce("customer_email", '') || E'\x1f' || coalesce("description", '') || E'\x1f' || coalesce(("details" ->> 'last4'), '')
) gin_trgm_ops);
