// `npm start`: apply pending migrations, then serve the production build on PORT. Arguments
// after `--` go to `next start` (e.g. `npm start -- --hostname 127.0.0.1`).
import { existsSync } from 'node:fs';
import { migrateDatabase, openDatabase } from '@/db/client';
import { runNextServer } from './run-next-server';

if (!existsSync('.next/BUILD_ID')) {
  console.error('No production build found. Run `npm run build` first (or `npm run demo`).');
  process.exit(1);
}
const db = openDatabase();
migrateDatabase(db);
db.$client.close();

runNextServer(['-p', process.env.PORT ?? '3000', ...process.argv.slice(2)]);
