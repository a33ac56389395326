// `npm start`: apply pending migrations, then serve the production build on PORT.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { migrateDatabase, openDatabase } from '@/db/client';

if (!existsSync('.next/BUILD_ID')) {
  console.error('No production build found. Run `npm run build` first (or `npm run demo`).');
  process.exit(1);
}
const db = openDatabase();
migrateDatabase(db);
db.$client.close();

const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', process.env.PORT ?? '3000'], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
