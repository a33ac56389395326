// Ad hoc: server CPU per payment (and per health request), optionally with a V8 CPU profile of
// the server. `npx tsx scripts/bench/profile-payments.ts [--payments 1500] [--profile DIR]`
// (needs `npm run build`). Analyse a profile with scripts/bench/profile-summary.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDatabase, migrateDatabase, openDatabase } from '@/db/client';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { startServer } from '../../tests/server';
import { httpClient, processTreeCpuMs, type Call, type Client } from './load';
import { paymentCall } from './payment-call';

const { values: flags } = parseArgs({
  options: { payments: { type: 'string', default: '1500' }, connections: { type: 'string', default: '16' }, profile: { type: 'string' } },
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

async function main() {
  const total = Number(flags.payments);
  const connections = Number(flags.connections);
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-profile-'));
  const databaseUrl = `file:${path.join(dir, 'bench.db')}`;
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
    }, undefined, flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${flags.profile}`] : []);
    const pid = server.process.pid!;
    const client = httpClient(server.baseUrl);
    try {
      const health: Call = { method: 'GET', path: '/api/health' };
      await drive(client, () => health, 200, 500, connections);
      await drive(client, () => paymentCall(secretKey), 201, 300, connections);
      let before = processTreeCpuMs(pid);
      await drive(client, () => health, 200, total * 2, connections);
      const perHealth = (processTreeCpuMs(pid) - before) / (total * 2);
      before = processTreeCpuMs(pid);
      await drive(client, () => paymentCall(secretKey), 201, total, connections);
      const perPayment = (processTreeCpuMs(pid) - before) / total;
      console.log(`server CPU per payment ${perPayment.toFixed(2)} ms, per health request ${perHealth.toFixed(2)} ms, ratio ${(perHealth / perPayment).toFixed(3)} (${total} payments, ${connections} connections)`);
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
