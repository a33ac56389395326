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
