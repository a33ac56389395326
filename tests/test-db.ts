import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrateDatabase, openDatabase, type Db } from '@/db/client';
import { createMerchant } from '@/lib/merchants/create-merchant';

/** A migrated in-memory database: the real schema and SQL, nothing shared between tests. */
export function freshDb(): Db {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  return db;
}

export async function dbWithMerchant() {
  const db = freshDb();
  const { merchantId } = await createMerchant(db, { name: 'Unit test merchant' });
  return { db, merchantId };
}

/** A migrated SQLite file in a fresh temporary folder, for tests that start their own server. */
export function migratedDatabaseFile(prefix: string): { dir: string; databaseUrl: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `tillpoint-${prefix}-`));
  const databaseUrl = `file:${path.join(dir, 'tillpoint.db')}`;
  const db = openDatabase(databaseUrl);
  migrateDatabase(db);
  db.$client.close();
  return { dir, databaseUrl, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
