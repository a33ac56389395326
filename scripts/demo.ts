// `npm run demo`: build if needed, migrate, create and seed a demo merchant on first run, then
// start the production server and print how to sign in and call the API.
//
//   npm run demo              reuse the database and the demo's API key ("Demo key")
//   npm run demo -- --reset   delete the database (and the demo key) first and seed a new history
//
// Honours DATABASE_URL (default file:./data/tillpoint.db) and PORT (default 3000).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { and, count, eq, isNull } from 'drizzle-orm';
import { closeDatabase, DEFAULT_DATABASE_URL, databasePath, type Db } from '@/db/client';
import { apiKeys, payments, users } from '@/db/schema';
import { log as appLog } from '@/lib/log';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { addUser } from '@/lib/merchants/team';
import { formatAmount } from '@/lib/money/money';
import { testInputs } from '@/lib/payments/processors/test-inputs';
import { createApiKey, hashApiKey, revokeApiKey } from '@/lib/security/api-keys';
import { demoMix } from './demo/demo-mix';
import { DEMO_REVIEWER, deferInFlightSettlement, seedDemoHistory } from './demo/seed-history';
import { NEXT_BIN, runNextServer } from './run-next-server';
import { assertPortFree, exitWithStartUpError, openMigratedDatabase, parsePort, serverUrl, StartUpError, waitUntilServing } from './start-up';

const DEMO = {
  merchant: 'Demo Coffee Roasters',
  email: 'demo@tillpoint.test',
  password: 'tillpoint-demo',
  // The teammate who works the review queue in the seeded history.
  support: { email: DEMO_REVIEWER, password: 'tillpoint-support' },
  keyName: 'Demo key',
};
const HISTORY_DAYS = 60;
const DAY = 86_400_000;
const USAGE = `Usage: npm run demo [-- --reset]

  --reset   delete the database (and its -wal/-shm files) and seed a fresh demo history

Honours DATABASE_URL (default ${DEFAULT_DATABASE_URL}) and PORT (default 3000).`;

function log(message = '') {
  console.log(message);
}

function parseFlags(argv: string[]): { reset: boolean } {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { reset: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      log(USAGE);
      process.exit(0);
    }
    return { reset: values.reset ?? false };
  } catch (error) {
    throw new StartUpError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

function nextEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extra };
}

/**
 * Secrets are shown once and stored only as hashes, so the demo keeps its own key's secret in
 * a file beside the database it owns (readable only by you), and prints it on every start.
 */
const demoKeyFile = (databaseFile: string) => path.join(path.dirname(databaseFile), 'demo-api-key');

function resetDatabase(file: string) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  rmSync(demoKeyFile(file), { force: true });
  log(`Reset: deleted ${file}`);
}

/**
 * The one "Demo key": the saved secret while its key is still active; otherwise (revoked on
 * the Developers page, or a database without it) any other active demo key is revoked and a
 * new one saved, so the Developers page lists exactly one.
 */
async function demoKey(db: Db, merchantId: string, keyFile: string, created?: string): Promise<string> {
  const saved = created ?? (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : null);
  if (saved) {
    const [active] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.merchantId, merchantId), eq(apiKeys.keyHash, hashApiKey(saved)), isNull(apiKeys.revokedAt)));
    if (active) {
      writeFileSync(keyFile, `${saved}\n`, { mode: 0o600 });
      return saved;
    }
  }
  const stale = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.merchantId, merchantId), eq(apiKeys.name, DEMO.keyName), isNull(apiKeys.revokedAt)));
  for (const { id } of stale) await revokeApiKey(db, id);
  const [owner] = await db.select({ id: users.id }).from(users).where(eq(users.email, DEMO.email));
  const { secret } = await createApiKey(db, merchantId, { role: 'owner', name: DEMO.keyName, createdBy: DEMO.email, createdByUserId: owner?.id ?? null });
  writeFileSync(keyFile, `${secret}\n`, { mode: 0o600 });
  log(`Created the demo API key (saved in ${keyFile}).`);
  return secret;
}

function buildIfNeeded() {
  if (existsSync('.next/BUILD_ID')) {
    log('Using the existing production build in .next/ (delete .next/ to rebuild).');
    return;
  }
  log('No production build yet: running `next build` (takes a minute or two)...');
  const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], { stdio: 'inherit', env: nextEnv() });
  if (result.status !== 0) throw new StartUpError(`next build failed (exit ${result.status ?? result.signal}).`);
}

/** The demo merchant's id and its demo key, creating and seeding the merchant once. */
async function prepareMerchant(db: Db, keyFile: string): Promise<{ merchantId: string; secretKey: string; seeded: boolean }> {
  const [existing] = await db.select({ merchantId: users.merchantId }).from(users).where(eq(users.email, DEMO.email));
  let merchantId: string;
  let secretKey: string;
  if (existing) {
    merchantId = existing.merchantId;
    secretKey = await demoKey(db, merchantId, keyFile);
    log(`Reusing the demo merchant ${merchantId} (npm run demo -- --reset starts over).`);
  } else {
    // The account and its support teammate predate the history, as in a real shop.
    const createdAt = Date.now() - (HISTORY_DAYS + 1) * DAY;
    const created = await createMerchant(
      db,
      { name: DEMO.merchant, owner: { email: DEMO.email, password: DEMO.password }, keyName: DEMO.keyName },
      createdAt,
    );
    merchantId = created.merchantId;
    await addUser(db, merchantId, { ...DEMO.support, role: 'support' }, createdAt);
    secretKey = await demoKey(db, merchantId, keyFile, created.secretKey);
    log(`Created merchant "${DEMO.merchant}" (${merchantId}).`);
  }
  // Also covers a first run that was interrupted before seeding began.
  const [{ n }] = await db.select({ n: count() }).from(payments).where(eq(payments.merchantId, merchantId));
  if (n > 0) return { merchantId, secretKey, seeded: false };

  log(`Seeding ${HISTORY_DAYS} days of payment history through the payment services...`);
  const started = performance.now();
  const tty = process.stdout.isTTY;
  // The history raises alerts as it goes; they belong on the Alerts page, not in this terminal.
  const level = appLog.level;
  appLog.level = 'error';
  const result = await seedDemoHistory(db, merchantId, {
    days: HISTORY_DAYS,
    reviewer: DEMO.support.email,
    onProgress: ({ day, days, payments: made, refunds }) => {
      const line = `  day ${String(day).padStart(2)}/${days}: ${made} payments, ${refunds} refunds`;
      if (tty) process.stdout.write(`\r${line}`);
      else if (day % 10 === 0) log(line);
    },
  });
  appLog.level = level;
  if (tty) process.stdout.write('\n');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const deferred = await deferInFlightSettlement(db, merchantId);
  const mix = await db
    .select({ status: payments.status, n: count() })
    .from(payments)
    .where(eq(payments.merchantId, merchantId))
    .groupBy(payments.status);
  log(`Seeded ${result.payments} payments and ${result.refunds} refunds in ${seconds} s.`);
  log(`  by status: ${mix.map((m) => `${m.status} ${m.n}`).join(', ')}`);
  const risk = await demoMix(db, merchantId);
  log(`  risk, last ${risk.payments} payments: ${risk.sharedCard} with a shared card, ${risk.elevatedOrHigh} elevated or high; ${risk.reviews.open ?? 0} review(s) waiting`);
  if (deferred > 0) log(`  ${deferred} bank transfer/crypto payment(s) still processing will settle over the next minutes.`);
  return { merchantId, secretKey, seeded: true };
}

function banner(port: number, secretKey: string, database: string, keyFile: string) {
  const url = serverUrl(port);
  const auth = '-H "Authorization: Bearer $TILLPOINT_KEY"';
  // A succeeding test card straight from the processors' table of test inputs.
  const card = testInputs.find((row) => row.method === 'credit_card' && row.outcome.status === 'succeeded')!;
  const body = JSON.stringify({
    amount: formatAmount(1250, 'USD'),
    currency: 'usd',
    method: 'credit_card',
    description: 'Flat white',
    payment_details: card.input,
  });
  const rule = '─'.repeat(78);
  log(`
${rule}
  Tillpoint demo is running at ${url}

  Owner login     ${DEMO.email} / ${DEMO.password}
  Support login   ${DEMO.support.email} / ${DEMO.support.password}
                  sign in at ${url}/login
  Secret API key  ${secretKey}
                  ("${DEMO.keyName}", the same on every start: kept in ${keyFile};
                  revoke it on the Developers page and the next start makes a new one)

  Try the API (paste the two exports first; the README's quickstart uses them too):
    export TILLPOINT_URL=${url}
    export TILLPOINT_KEY=${secretKey}
    curl "$TILLPOINT_URL/api/v1/payments" ${auth}
    curl "$TILLPOINT_URL/api/v1/balance" ${auth}
    curl "$TILLPOINT_URL/api/v1/payments" ${auth} \\
      -H "Content-Type: application/json" \\
      -d '${body}'

  Database: ${database}
  Press Ctrl-C to stop.
${rule}
`);
}

async function main(): Promise<void> {
  const { reset } = parseFlags(process.argv.slice(2));
  if (!existsSync(NEXT_BIN)) throw new StartUpError(`Cannot find ${NEXT_BIN}: run the demo from the repository root after npm install.`);
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const file = databasePath(databaseUrl);
  if (file === ':memory:') throw new StartUpError('The demo needs a database file: the server runs in its own process.');
  const port = parsePort();
  // Before anything is deleted, built or created: a second demo must not touch the first's data.
  await assertPortFree(port);

  if (reset) resetDatabase(file);
  const db = await openMigratedDatabase(databaseUrl);
  let secretKey: string;
  try {
    log(`Database ready: ${file}`);
    buildIfNeeded();
    ({ secretKey } = await prepareMerchant(db, demoKeyFile(file)));
  } finally {
    await closeDatabase(db);
  }

  const baseUrl = `http://127.0.0.1:${port}`;
  log(`Starting the server on port ${port}...`);
  const child = runNextServer(['-p', String(port)], {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    // The login page shows these (app/login/page.tsx): only the demo sets it.
    TILLPOINT_DEMO_LOGINS: JSON.stringify([
      { role: 'owner', email: DEMO.email, password: DEMO.password },
      { role: 'support', email: DEMO.support.email, password: DEMO.support.password },
    ]),
  });
  if (await waitUntilServing(baseUrl, child)) banner(port, secretKey, file, demoKeyFile(file));
  // An exited server is reported by runNextServer's exit handler.
  else if (child.exitCode === null) console.error(`The server did not answer ${baseUrl}/api/health within 2 minutes; it keeps running.`);
}

main().catch(exitWithStartUpError);
