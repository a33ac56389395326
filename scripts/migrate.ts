import { assertDatabaseReachable, closeDatabase, describeDatabase, migrateDatabase, openDatabase } from '@/db/client';

// `npm run db:migrate`: the migrations of DATABASE_URL's dialect (SQLite or PostgreSQL).
async function main(): Promise<void> {
  const db = openDatabase();
  try {
    await assertDatabaseReachable(db);
    await migrateDatabase(db);
    console.log(`Database migrated: ${describeDatabase()}`);
  } finally {
    await closeDatabase(db);
  }
}

main().catch((error: unknown) => {
  // One line naming DATABASE_URL, no stack: the usual cause is a database not started yet.
  console.error((error as Error).message);
  process.exit(1);
});
