// `npm run bench`: speed figures, the only place speed is measured (issue 14).
//   1. risk assessment and payment creation through the services, in this process;
//   2. the production server (`next start`, needs `npm run build`) on a fresh SQLite file,
//      optionally seeded (`--seed 1000000`), under HTTP load from this process: payments/s
//      against GET /api/health in interleaved rounds, a steady open-loop rate, and the
//      dashboard's reads.
//   3. with --postgres URL (a role that may create databases): one SQLite instance, one and
//      three instances on one fresh PostgreSQL database, the same closed-loop and steady 100/s
//      load, with server and database CPU per payment (the database's from /proc of its backends).
// Flags: --seed N (payments to seed, default 0), --quick (short rounds), --rate R (open-loop
// payments/s, default 500), --connections C (default 16), --skip-services, --postgres URL,
// --skip-sqlite-server (only the services and the scale-out comparison).
import { cpus } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, migrateDatabase, openDatabase } from '@/db/client';
import { sql } from 'drizzle-orm';
import { payments } from '@/db/schema';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { rebuildRollups } from '@/lib/rollups/payment-rollups';
import { createPayment } from '@/lib/payments/create-payment';
import { assessPayment } from '@/lib/risk/assess-payment';
import { createCustomRule } from '@/lib/risk/custom-rules/create-custom-rule';
import { startServer, type RunningServer } from '../tests/server';
import { closedLoop, httpClient, openLoop, percentile, processTreeCpuMs, type Call, type Client, type Run } from './bench/load';
import { fsyncsDuring } from './bench/fsyncs';
import { benchPostgresDatabase, databaseCpuMs, roundRobin } from './bench/scale-out';
import { paymentCall } from './bench/payment-call';
import { HOT_CARD, seedPayments } from './bench/seed-payments';
import { seedDemoHistory } from './demo/seed-history';

const { values: flags } = parseArgs({
  options: {
    seed: { type: 'string', default: '0' },
    quick: { type: 'boolean', default: false },
    rate: { type: 'string', default: '500' },
    connections: { type: 'string', default: '16' },
    'skip-services': { type: 'boolean', default: false },
    'skip-sqlite-server': { type: 'boolean', default: false },
    postgres: { type: 'string' },
  },
});
const seedCount = Number(flags.seed);
const quick = flags.quick;
const rate = Number(flags.rate);
const connections = Number(flags.connections);

const ms = (n: number) => (Number.isNaN(n) ? '–' : n < 10 ? `${n.toFixed(1)} ms` : `${n.toFixed(0)} ms`);
const rows: [string, string][] = [];
const row = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`  ${name}: ${value}`);
};

async function serviceFigures() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-bench-'));
  try {
    const db = openDatabase(`file:${path.join(dir, 'bench.db')}`);
    await migrateDatabase(db);
    const { merchantId } = await createMerchant(db, { name: 'Bench' });
    const seeded = await seedDemoHistory(db, merchantId, { days: quick ? 7 : 30 });
    for (let i = 0; i < 5; i++) {
      await createCustomRule(db, { merchantId, actor: 'bench', name: `rule ${i}`, expression: `amount > ${1000 * (i + 1)} && method == "crypto"`, action: 'score', score: 0.1 });
    }
    console.log(`Services, in process: ${seeded.payments} demo payments, 5 custom rules`);
    const customers = Array.from({ length: 50 }, (_, i) => `cus_${String(i + 1).padStart(4, '0')}`);
    const assessments: number[] = [];
    for (let i = 0; i < (quick ? 500 : 2000); i++) {
      const started = performance.now();
      await assessPayment(db, {
        merchantId,
        amount: 1000 + i,
        currency: 'USD',
        method: 'credit_card',
        customerId: customers[i % customers.length],
        email: `buyer${i % 50}@example.com`,
        ipAddress: '203.0.113.10',
        fingerprint: `fp_bench${i % 30}`,
        cardCountry: 'US',
      });
      assessments.push(performance.now() - started);
    }
    row('risk assessment, all rules (p50 / p99)', `${ms(percentile(assessments, 50))} / ${ms(percentile(assessments, 99))}`);

    const creations: number[] = [];
    const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' };
    const started = performance.now();
    const n = quick ? 200 : 500;
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await createPayment(db, { merchantId, body: { amount: '25.00', currency: 'USD', method: 'credit_card', customer_id: `cus_new_${i}`, payment_details: card } });
      creations.push(performance.now() - t);
    }
    row('service: create + capture, one at a time (p50 / p99)', `${ms(percentile(creations, 50))} / ${ms(percentile(creations, 99))}`);
    row('service: payments/s, one at a time', (n / ((performance.now() - started) / 1000)).toFixed(0));
    await closeDatabase(db);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rps = (run: Run) => run.requests / run.seconds;
const errors = (name: string, run: Run) => {
  if (run.errors > 0) console.log(`  ! ${name}: ${run.errors} unexpected answers, first: ${run.firstError}`);
};

/** Runs a load phase and notes the server's CPU time over it (robust to a busy machine). */
async function measured(pid: number, phase: () => Promise<Run>): Promise<Run> {
  const before = processTreeCpuMs(pid);
  const run = await phase();
  return { ...run, cpuMs: processTreeCpuMs(pid) - before };
}

async function throughput(client: Client, secretKey: string, pid: number) {
  const health: Call = { method: 'GET', path: '/api/health' };
  const pay = () => paymentCall(secretKey);
  // Warm-up: JIT, statement caches, connections.
  await closedLoop(client, () => health, 200, connections, 1);
  await closedLoop(client, pay, 201, connections, 2);
  const rounds = quick ? 2 : 4;
  const seconds = quick ? 3 : 5;
  const healthRuns: Run[] = [];
  const paymentRuns: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    healthRuns.push(await measured(pid, () => closedLoop(client, () => health, 200, connections, seconds)));
    paymentRuns.push(await measured(pid, () => closedLoop(client, pay, 201, connections, seconds)));
  }
  const merged = (runs: Run[]): Run => ({
    requests: runs.reduce((s, r) => s + r.requests, 0),
    seconds: runs.reduce((s, r) => s + r.seconds, 0),
    latencies: runs.flatMap((r) => r.latencies),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    firstError: runs.find((r) => r.firstError)?.firstError,
    cpuMs: runs.reduce((s, r) => s + (r.cpuMs ?? 0), 0),
  });
  const cpuPer = (run: Run) => (run.cpuMs ?? 0) / run.requests;
  const h = merged(healthRuns);
  const p = merged(paymentRuns);
  errors('health', h);
  errors('payments', p);
  row(`POST /payments, ${connections} connections (payments/s)`, rps(p).toFixed(0));
  row(`GET /api/health, same run (req/s)`, rps(h).toFixed(0));
  row('ratio payments / health', (rps(p) / rps(h)).toFixed(2));
  row('server CPU per payment / per health request', `${ms(cpuPer(p))} / ${ms(cpuPer(h))}`);
  row('CPU ratio health / payment', (cpuPer(h) / cpuPer(p)).toFixed(2));
  row('payment latency (p50 / p99)', `${ms(percentile(p.latencies, 50))} / ${ms(percentile(p.latencies, 99))}`);
  row('per round (payments/s ÷ health/s)', paymentRuns.map((r, i) => (rps(r) / rps(healthRuns[i])).toFixed(2)).join(' '));
  // Last, as strace slows the process it watches.
  for (const c of [1, connections]) {
    const { result, fsyncs } = await fsyncsDuring(pid, () => closedLoop(client, pay, 201, c, quick ? 2 : 3));
    row(`fsyncs per payment, ${c} connection${c === 1 ? '' : 's'} (strace)`, fsyncs === null ? 'strace unavailable' : (fsyncs / result.requests).toFixed(2));
  }
}

/** Last: on a machine too slow for the rate, the backlog it leaves would slow whatever follows. */
async function steadyRate(client: Client, secretKey: string) {
  const pay = () => paymentCall(secretKey);
  const steady = await openLoop(client, pay, 201, rate, quick ? 5 : 10);
  errors('open loop', steady);
  row(`open loop ${rate}/s offered: answered 201/s`, ((steady.requests - steady.errors) / steady.seconds).toFixed(0));
  row(`open loop ${rate}/s: p50 / p99 (from scheduled send)`, `${ms(percentile(steady.latencies, 50))} / ${ms(percentile(steady.latencies, 99))}`);
}

/** The payment in the middle of the list (seeded, or made by the throughput rounds): where a deep page starts. */
async function middlePayment(databaseUrl: string): Promise<{ middleId: string; customerId: string }> {
  const db = openDatabase(databaseUrl);
  try {
    const [{ count }] = await db.select({ count: sql<number>`count(*)` }).from(payments);
    const [middle] = await db.select({ id: payments.id, customerId: payments.customerId }).from(payments).orderBy(payments.id).limit(1).offset(Math.floor(count / 2));
    return { middleId: middle.id, customerId: middle.customerId! };
  } finally {
    await closeDatabase(db);
  }
}

async function reads(client: Client, secretKey: string, sample: { middleId: string; customerId: string }, pid: number) {
  const auth = { authorization: `Bearer ${secretKey}` };
  const now = Date.now();
  const iso = (t: number) => new Date(t).toISOString();
  const DAY = 86_400_000;
  const cases: [string, string][] = [
    ['GET /api/health (the floor)', '/api/health'],
    ['list (20 newest)', '/api/v1/payments?limit=20'],
    ['page (deep cursor)', `/api/v1/payments?limit=20&starting_after=${sample.middleId}`],
    ['filter status=failed', '/api/v1/payments?limit=20&status=failed'],
    ['filter method=crypto', '/api/v1/payments?limit=20&method=crypto'],
    ['filter customer_id', `/api/v1/payments?limit=20&customer_id=${sample.customerId}`],
    ['filter created (a week, 60 days ago)', `/api/v1/payments?limit=20&created[gte]=${iso(now - 60 * DAY)}&created[lte]=${iso(now - 53 * DAY)}`],
    ['filter status + method', '/api/v1/payments?limit=20&status=cancelled&method=debit_card'],
    ['q search, rare term', '/api/v1/payments?limit=20&q=zq9x'],
    ['q search, customer id', `/api/v1/payments?limit=20&q=${sample.customerId}`],
    ['metrics summary (30 days)', '/api/v1/metrics/summary'],
    ['timeseries day (30 days)', '/api/v1/metrics/timeseries?interval=day'],
    ['timeseries hour (7 days)', `/api/v1/metrics/timeseries?interval=hour&from=${iso(now - 7 * DAY)}`],
    ['balance', '/api/v1/balance'],
    ['balance transactions', '/api/v1/balance_transactions?limit=20'],
  ];
  const n = quick ? 10 : 20;
  cases.push(['Prometheus scrape /api/metrics', '/api/metrics']);
  for (const [name, route] of cases) {
    const samples: number[] = [];
    const cpuBefore = processTreeCpuMs(pid);
    for (let i = 0; i < n; i++) {
      const answer = await client.send({ method: 'GET', path: route, headers: auth });
      if (answer.status !== 200) throw new Error(`${route}: ${answer.status} ${answer.text.slice(0, 300)}`);
      samples.push(answer.ms);
    }
    // Server CPU per request holds up on a busy machine better than the wall clock.
    row(`read: ${name} (median / server CPU each)`, `${ms(percentile(samples, 50))} / ${ms((processTreeCpuMs(pid) - cpuBefore) / n)}`);
  }

  const hot: number[] = [];
  const cpuBefore = processTreeCpuMs(pid);
  for (let i = 0; i < (quick ? 10 : 30); i++) {
    const answer = await client.send(paymentCall(secretKey, HOT_CARD));
    if (answer.status !== 201) throw new Error(`hot-card payment: ${answer.status} ${answer.text.slice(0, 300)}`);
    hot.push(answer.ms);
  }
  row('payment with the hot card, one at a time (median / server CPU each)', `${ms(percentile(hot, 50))} / ${ms((processTreeCpuMs(pid) - cpuBefore) / hot.length)}`);
}

/** The production server on one SQLite file: throughput against health, reads, a steady rate. */
async function sqliteServerFigures() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-bench-http-'));
  const databaseUrl = `file:${path.join(dir, 'bench.db')}`;
  try {
    const db = openDatabase(databaseUrl);
    await migrateDatabase(db);
    const { merchantId, secretKey } = await createMerchant(db, { name: 'Bench' });
    if (seedCount > 0) {
      const t = performance.now();
      seedPayments(db, { merchantId, total: seedCount, onProgress: (done) => process.stdout.write(`\rseeding ${done}/${seedCount}`) });
      // Seeded rows bypass the services: their rollups are computed as the CLI would.
      await rebuildRollups(db);
      console.log(`\rseeded ${seedCount} payments in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    await closeDatabase(db);

    const server = await startServer(serverEnv(databaseUrl), path.join(dir, 'server.log'));
    const client = httpClient(server.baseUrl);
    try {
      console.log(`HTTP, next start on 127.0.0.1 (pid ${server.process.pid}), ${seedCount} seeded payments`);
      await throughput(client, secretKey, server.process.pid!);
      await reads(client, secretKey, await middlePayment(databaseUrl), server.process.pid!);
      await steadyRate(client, secretKey);
    } finally {
      client.close();
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The server environment of every bench instance. */
const serverEnv = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  TILLPOINT_SECRET: process.env.TILLPOINT_SECRET!,
  TILLPOINT_METRICS_PUBLIC: '1',
  TILLPOINT_RATE_LIMIT_PER_KEY: '100000000',
  TILLPOINT_RATE_LIMIT_PER_IP: '100000000',
  // The bench measures the request path; the worker's passes would land at random in it.
  TILLPOINT_WORKER: 'off',
});

/**
 * One SQLite instance beside one and three PostgreSQL instances (one database), under the same
 * load: closed-loop payments/s and p99, p99 at a steady 100 payments/s, and CPU per payment of
 * the servers and of the database. Every instance and the database share this machine's cores.
 */
async function scaleOut(postgresUrl: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-bench-scale-'));
  const sqliteUrl = `file:${path.join(dir, 'bench.db')}`;
  const sqlite = openDatabase(sqliteUrl);
  await migrateDatabase(sqlite);
  const { secretKey: sqliteKey } = await createMerchant(sqlite, { name: 'Bench' });
  await closeDatabase(sqlite);
  const postgres = await benchPostgresDatabase(postgresUrl);
  const setups = [
    { label: 'SQLite, 1 instance', databaseUrl: sqliteUrl, secretKey: sqliteKey, instances: 1, database: undefined },
    { label: 'PostgreSQL, 1 instance', databaseUrl: postgres.databaseUrl, secretKey: postgres.secretKey, instances: 1, database: postgres.name },
    { label: 'PostgreSQL, 3 instances', databaseUrl: postgres.databaseUrl, secretKey: postgres.secretKey, instances: 3, database: postgres.name },
  ];
  const seconds = quick ? 4 : 10;
  const paymentsPerSecond: number[] = [];
  console.log(`Scale-out: ${connections} connections for ${seconds} s, then 100 payments/s for ${seconds} s, per setup`);
  try {
    for (const setup of setups) {
      const servers: RunningServer[] = [];
      try {
        for (let i = 0; i < setup.instances; i++) servers.push(await startServer(serverEnv(setup.databaseUrl), path.join(dir, `server-${i}.log`)));
        const client = roundRobin(servers.map((s) => httpClient(s.baseUrl)));
        const pay = () => paymentCall(setup.secretKey);
        try {
          await closedLoop(client, pay, 201, connections, 2); // warm-up
          const serverCpu = () => servers.reduce((sum, s) => sum + processTreeCpuMs(s.process.pid!), 0);
          const databaseCpu = () => (setup.database ? databaseCpuMs(postgresUrl, setup.database) : Promise.resolve(NaN));
          const [server0, database0] = [serverCpu(), await databaseCpu()];
          const run = await closedLoop(client, pay, 201, connections, seconds);
          const [server1, database1] = [serverCpu(), await databaseCpu()];
          errors(setup.label, run);
          const steady = await openLoop(client, pay, 201, 100, seconds);
          errors(`${setup.label} at 100/s`, steady);
          paymentsPerSecond.push(rps(run));
          row(`${setup.label}: payments/s (${connections} connections)`, rps(run).toFixed(0));
          row(`${setup.label}: p99 at full load / at a steady 100/s`, `${ms(percentile(run.latencies, 99))} / ${ms(percentile(steady.latencies, 99))}`);
          const database = setup.database ? ms((database1 - database0) / run.requests) : 'in the server process';
          row(`${setup.label}: CPU per payment, servers / database`, `${ms((server1 - server0) / run.requests)} / ${database}`);
        } finally {
          client.close();
        }
      } finally {
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
    row('PostgreSQL 3 instances ÷ SQLite 1 instance, payments/s', (paymentsPerSecond[2] / paymentsPerSecond[0]).toFixed(2));
  } finally {
    await postgres.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  process.env.TILLPOINT_SECRET ??= 'bench-secret';
  const started = new Date();
  if (!flags['skip-services']) await serviceFigures();

  if (!flags['skip-sqlite-server']) await sqliteServerFigures();
  if (flags.postgres) await scaleOut(flags.postgres);

  const cpu = cpus();
  console.log(`\nTillpoint bench, ${started.toISOString().slice(0, 16)}Z: node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim()}, seed ${seedCount.toLocaleString('en')} payments${quick ? ', --quick' : ''}, synchronous=FULL`);
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`| ${'figure'.padEnd(width)} | value |`);
  console.log(`|${'-'.repeat(width + 2)}|-------|`);
  for (const [name, value] of rows) console.log(`| ${name.padEnd(width)} | ${value} |`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
