import { or, sql, type SQL } from 'drizzle-orm';
import { onPostgres } from './dialect';
import { payments } from './schema';
import { containsText, jsonField } from './sql';

// The one home of the dialect-specific search SQL, over id, customer id, email, description and
// the card's last4 (both indexes are hand-written migrations, outside db/schema):
// - SQLite: `payments_search`, an FTS5 table with the trigram tokenizer, kept in step by
//   triggers (db/migrations/0014_payments_search.sql).
// - PostgreSQL: a pg_trgm GIN index on the same fields joined by a unit separator
//   (db/migrations-pg, payments_search), which `ILIKE '%term%'` on that expression uses.

/** Trigrams need three characters; a shorter term is matched by a scan. */
const MIN_INDEXED_LENGTH = 3;

/** Joins the fields on PostgreSQL, so a match cannot span two of them (a term with it is scanned). */
const SEPARATOR = '\u001f';

/**
 * The indexed expression, exactly as the PostgreSQL migration spells it (an expression index is
 * used only by the same expression).
 */
const searchedText = sql.raw(
  `("payments"."id" || E'\\x1f' || coalesce("payments"."customer_id", '') || E'\\x1f' || coalesce("payments"."customer_email", '') || E'\\x1f' || coalesce("payments"."description", '') || E'\\x1f' || coalesce(("payments"."details" ->> 'last4'), ''))`,
);

const anyField = (term: string) =>
  or(
    containsText(payments.id, term),
    containsText(payments.customerId, term),
    containsText(payments.customerEmail, term),
    containsText(payments.description, term),
    containsText(jsonField(payments.details, 'last4'), term),
  )!;

/** Payments whose id, customer, email, description or last4 contain `term` (case-insensitive). */
export function paymentsMatching(term: string): SQL {
  if (term.length < MIN_INDEXED_LENGTH) return anyField(term);
  if (onPostgres) return term.includes(SEPARATOR) ? anyField(term) : containsText(searchedText, term);
  // One FTS5 phrase: the whole term as a substring, quotes doubled.
  const phrase = `"${term.replace(/"/g, '""')}"`;
  return sql`${payments}.rowid IN (SELECT rowid FROM payments_search WHERE payments_search MATCH ${phrase})`;
}
