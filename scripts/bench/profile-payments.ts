// Ad hoc: server CPU and SQL statements per payment (and per health request), optionally with a
// V8 CPU profile of the server. `npx tsx scripts/bench/profile-payments.ts [--payments 1500]
// [--profile DIR]` (needs `npm run build`). Analyse a profile with scripts/bench/profile-summary.ts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, migrateDatabase, openDatabase } from '@/db/client';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { startServer } from '../../tests/server';
import { httpClient, processTreeCpuMs, type Call, type Client } from './load';
import { paymentCall } from './payment-call';

const { values: flags } = parseArgs({
  options: {
    payments: { type: 'string', default: '1500' },
    connections: { type: 'string', default: '16' },
    profile: { type: 'string' },
    // Prints each SQL text a payment ran, with how many times per payment.
    statements: { type: 'boolean', default: false },
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

type StatementCounts = { statements: number; exec: number; pragma: number; postgres: number; signals: number; bySource: Record<string, number> };

/** What scripts/bench/count-statements.mjs has counted in the server so far. */
async function statementCounts(pid: number, file: string, previous: number): Promise<StatementCounts> {
  process.kill(pid, 'SIGUSR2');
  for (;;) {
    if (existsSync(file)) {
      const counts = JSON.parse(readFileSync(file, 'utf8')) as StatementCounts;
      if (counts.signals > previous) return counts;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const perRequest = (after: StatementCounts, before: StatementCounts, n: number) =>
  (['statements', 'exec', 'pragma', 'postgres'] as const).map((k) => `${k} ${((after[k] - before[k]) / n).toFixed(2)}`).join(', ');

async function main() {
  const total = Number(flags.payments);
  const connections = Number(flags.connections);
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-profile-'));
  const databaseUrl = `file:${path.join(dir, 'bench.db')}`;
  const countsFile = path.join(dir, 'statement-counts.json');
  try {
    const db = openDatabase(databaseUrl);
    await migrateDatabase(db);
    const { secretKey } = await createMerchant(db, { name: 'Bench' });
    await closeDatabase(db);
    const server = await startServer({
      DATABASE_URL: databaseUrl,
      TILLPOINT_SECRET: 'bench-secret',
      TILLPOINT_RATE_LIMIT_PER_KEY: '100000000',
      TILLPOINT_RATE_LIMIT_PER_IP: '100000000',
      TILLPOINT_WORKER: 'off',
      TILLPOINT_STATEMENT_COUNTS: countsFile,
    }, undefined, ['--import', path.resolve('scripts/bench/count-statements.mjs'), ...(flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${flags.profile}`] : [])]);
    const pid = server.process.pid!;
    const client = httpClient(server.baseUrl);
    try {
      const health: Call = { method: 'GET', path: '/api/health' };
      await drive(client, () => health, 200, 500, connections);
      await drive(client, () => paymentCall(secretKey), 201, 300, connections);
      const counted0 = await statementCounts(pid, countsFile, 0);
      let before = processTreeCpuMs(pid);
      await drive(client, () => health, 200, total * 2, connections);
      const perHealth = (processTreeCpuMs(pid) - before) / (total * 2);
      const counted1 = await statementCounts(pid, countsFile, counted0.signals);
      before = processTreeCpuMs(pid);
      await drive(client, () => paymentCall(secretKey), 201, total, connections);
      const perPayment = (processTreeCpuMs(pid) - before) / total;
      const counted2 = await statementCounts(pid, countsFile, counted1.signals);
      console.log(`server CPU per payment ${perPayment.toFixed(2)} ms, per health request ${perHealth.toFixed(2)} ms, ratio ${(perHealth / perPayment).toFixed(3)} (${total} payments, ${connections} connections)`);
      console.log(`SQL per payment: ${perRequest(counted2, counted1, total)}; per health request: ${perRequest(counted1, counted0, total * 2)}`);
      if (flags.statements) {
        for (const [source, n] of Object.entries(counted2.bySource)) {
          const per = (n - (counted1.bySource[source] ?? 0)) / total;
          if (per > 0) console.log(`${per.toFixed(2).padStart(6)}  ${source.replace(/\s+/g, ' ').slice(0, 300)}`);
        }
      }
    } finally {
      client.close();
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
