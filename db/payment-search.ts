import { or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { payments } from './schema';

// The one home of the SQLite-specific search SQL: `payments_search` is an FTS5 table with the
// trigram tokenizer over id, customer id, email, description and the card's last4, kept in step
// by triggers (db/migrations/0014_payments_search.sql). A PostgreSQL port puts its pg_trgm
// equivalent here.

/** Trigrams need three characters; a shorter term is matched by a scan. */
const MIN_INDEXED_LENGTH = 3;

const contains = (column: AnyColumn | SQL, text: string) =>
  sql`${column} LIKE ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'`;

/** Payments whose id, customer, email, description or last4 contain `term` (case-insensitive). */
export function paymentsMatching(term: string): SQL {
  if (term.length < MIN_INDEXED_LENGTH) {
    return or(
      contains(payments.id, term),
      contains(payments.customerId, term),
      contains(payments.customerEmail, term),
      contains(payments.description, term),
      contains(sql`json_extract(${payments.details}, '$.last4')`, term),
    )!;
  }
  // One FTS5 phrase: the whole term as a substring, quotes doubled.
  const phrase = `"${term.replace(/"/g, '""')}"`;
  return sql`${payments}.rowid IN (SELECT rowid FROM payments_search WHERE payments_search MATCH ${phrase})`;
}
