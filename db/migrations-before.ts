import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asPostgres, MIGRATIONS_FOLDER, type Db } from './client';
import { onPostgres } from './dialect';
import { MIGRATIONS_FOLDER_PG } from './postgres';

const copies: string[] = [];

/**
 * For data-migration tests: a copy of a migrations folder (SQLite's unless told) as it was
 * before `tag` (`0011_fee_minor_units`, or the name alone: `fee_minor_units`), so a database
 * can be built at that version, filled the old way, then migrated. The copies go with
 * `removeMigrationCopies` (an `afterEach`).
 */
export function migrationsBefore(tag: string, source = MIGRATIONS_FOLDER): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'tillpoint-migrations-'));
  copies.push(folder);
  cpSync(source, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag || e.tag.replace(/^\d+_/, '') === tag);
  if (at <= 0) throw new Error(`No migration ${tag} after the first`);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

/** Migrates a database of this process's dialect to just before the migration `name` (the part after its number). */
export async function migrateBefore(db: Db, name: string): Promise<void> {
  if (!onPostgres) return migrateSqlite(db, { migrationsFolder: migrationsBefore(name) });
  await migratePostgres(asPostgres(db), { migrationsFolder: migrationsBefore(name, MIGRATIONS_FOLDER_PG) });
}

export function removeMigrationCopies(): void {
  for (const folder of copies.splice(0)) rmSync(folder, { recursive: true, force: true });
}
