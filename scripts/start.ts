// `npm start`: apply pending migrations, then serve the production build on PORT. Arguments
// after `--` go to `next start` (e.g. `npm start -- --hostname 127.0.0.1`).
import { existsSync } from 'node:fs';
import { assertDatabaseReachable, closeDatabase, migrateDatabase, openDatabase } from '@/db/client';
import { runNextServer } from './run-next-server';

async function main(): Promise<void> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('No production build found. Run `npm run build` first (or `npm run demo`).');
  const db = openDatabase();
  try {
    await assertDatabaseReachable(db);
    await migrateDatabase(db);
  } finally {
    await closeDatabase(db);
  }
  runNextServer(['-p', process.env.PORT ?? '3000', ...process.argv.slice(2)]);
}

main().catch((error: unknown) => {
  // One line naming DATABASE_URL, no stack: the usual cause is a database not started yet.
  console.error((error as Error).message);
  process.exit(1);
});
