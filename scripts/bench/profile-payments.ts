// Ad hoc: server CPU per payment (and per health request), optionally with a V8 CPU profile of
// the server. `npx tsx scripts/bench/profile-payments.ts [--payments 1500] [--profile DIR]`
// (needs `npm run build`). Analyse a profile with scripts/bench/profile-summary.ts.
// `--postgres URL [--instances N]`: on a fresh PostgreSQL database (a role that may create
// databases) with N instances round-robin; adds the database's CPU per payment, its commits,
// rollbacks, deadlocks and new connections (pg_stat_database) and the instances' transaction retries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { closeDatabase, migrateDatabase, openDatabase } from '@/db/client';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { startServer, type RunningServer } from '../../tests/server';
import { httpClient, processTreeCpuMs, type Call, type Client } from './load';
import { paymentCall } from './payment-call';
import { benchPostgresDatabase, databaseCpuMs, roundRobin } from './scale-out';

const { values: flags } = parseArgs({
  options: {
    payments: { type: 'string', default: '1500' },
    connections: { type: 'string', default: '16' },
    profile: { type: 'string' },
    postgres: { type: 'string' },
    instances: { type: 'string', default: '1' },
  },
});

/** Sends `total` requests over `connections` connections; fails on any unexpected status. */
async function drive(client: Client, make: () => Call, expect: number, total: number, connections: number) {
  let sent = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (sent < total) {
        sent++;
        const answer = await client.send(make());
        if (answer.status !== expect) throw new Error(`${answer.status} ${answer.text.slice(0, 300)}`);
      }
    }),
  );
}

type DatabaseCounters = { xact_commit: number; xact_rollback: number; deadlocks: number; sessions: number };

async function databaseCounters(url: string): Promise<DatabaseCounters> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The statistics snapshot of this session would otherwise hold still.
    const { rows } = await client.query('SELECT xact_commit::int, xact_rollback::int, deadlocks::int, sessions::int FROM pg_stat_database WHERE datname = current_database()');
    return rows[0] as DatabaseCounters;
  } finally {
    await client.end();
  }
}

/** The instances' transaction retries, summed from their Prometheus export. */
async function retryCounts(servers: RunningServer[]): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (const server of servers) {
    const text = await (await fetch(`${server.baseUrl}/api/metrics`)).text();
    for (const [, labels, value] of text.matchAll(/^tillpoint_db_transaction_retries_total\{([^}]*)\} (\S+)$/gm)) {
      total[labels] = (total[labels] ?? 0) + Number(value);
    }
  }
  return total;
}

async function main() {
  const total = Number(flags.payments);
  const connections = Number(flags.connections);
  const instances = flags.postgres ? Number(flags.instances) : 1;
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-profile-'));
  let databaseUrl = `file:${path.join(dir, 'bench.db')}`;
  let secretKey: string;
  let dropDatabase = async () => {};
  let databaseName: string | undefined;
  if (flags.postgres) {
    const database = await benchPostgresDatabase(flags.postgres);
    ({ databaseUrl, secretKey } = database);
    databaseName = database.name;
    dropDatabase = database.drop;
  } else {
    const db = openDatabase(databaseUrl);
    await migrateDatabase(db);
    ({ secretKey } = await createMerchant(db, { name: 'Bench' }));
    await closeDatabase(db);
  }
  const servers: RunningServer[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      servers.push(
        await startServer({
          DATABASE_URL: databaseUrl,
          TILLPOINT_SECRET: 'bench-secret',
          TILLPOINT_METRICS_PUBLIC: '1',
          TILLPOINT_RATE_LIMIT_PER_KEY: '100000000',
          TILLPOINT_RATE_LIMIT_PER_IP: '100000000',
          TILLPOINT_WORKER: 'off',
        }, path.join(dir, `server-${i}.log`), flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${flags.profile}`] : []),
      );
    }
    const serverCpu = () => servers.reduce((sum, s) => sum + processTreeCpuMs(s.process.pid!), 0);
    const databaseCpu = () => (flags.postgres && databaseName ? databaseCpuMs(flags.postgres, databaseName) : Promise.resolve(NaN));
    const client = roundRobin(servers.map((s) => httpClient(s.baseUrl)));
    try {
      const health: Call = { method: 'GET', path: '/api/health' };
      await drive(client, () => health, 200, 500, connections);
      await drive(client, () => paymentCall(secretKey), 201, 300, connections);
      let before = serverCpu();
      await drive(client, () => health, 200, total * 2, connections);
      const perHealth = (serverCpu() - before) / (total * 2);
      const [retries0, counters0, database0] = flags.postgres ? [await retryCounts(servers), await databaseCounters(databaseUrl), await databaseCpu()] : [];
      before = serverCpu();
      const started = performance.now();
      await drive(client, () => paymentCall(secretKey), 201, total, connections);
      const seconds = (performance.now() - started) / 1000;
      const perPayment = (serverCpu() - before) / total;
      console.log(`server CPU per payment ${perPayment.toFixed(2)} ms, per health request ${perHealth.toFixed(2)} ms, ratio ${(perHealth / perPayment).toFixed(3)} (${total} payments, ${connections} connections, ${instances} instance(s), ${(total / seconds).toFixed(0)} payments/s)`);
      if (flags.postgres) {
        const database1 = await databaseCpu();
        const counters1 = await databaseCounters(databaseUrl);
        const retries1 = await retryCounts(servers);
        const per = (k: keyof DatabaseCounters) => ((counters1[k] - counters0![k]) / total).toFixed(2);
        console.log(`database CPU per payment ${((database1 - (database0 as number)) / total).toFixed(2)} ms; per payment: ${per('xact_commit')} commits, ${per('xact_rollback')} rollbacks, ${per('deadlocks')} deadlocks; ${counters1.sessions - counters0!.sessions} connections opened`);
        const retried = Object.entries(retries1).map(([labels, n]) => `${labels} ${n - ((retries0 as Record<string, number>)[labels] ?? 0)}`);
        console.log(`transaction retries during the payments: ${retried.join(', ') || 'none'}`);
      }
    } finally {
      client.close();
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await dropDatabase();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
