import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MIGRATIONS_FOLDER } from './client';

const copies: string[] = [];

/**
 * For data-migration tests: a copy of the migrations folder as it was before `tag`, so a
 * database can be built at that version, filled the old way, then migrated. The copies go with
 * `removeMigrationCopies` (an `afterEach`).
 */
export function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'tillpoint-migrations-'));
  copies.push(folder);
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  if (at <= 0) throw new Error(`No migration ${tag} after the first`);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

export function removeMigrationCopies(): void {
  for (const folder of copies.splice(0)) rmSync(folder, { recursive: true, force: true });
}
