// Ad hoc: fsyncs per keyed card payment on the production server (strace -c on its process tree).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { closeDatabase, migrateDatabase, openDatabase } from '@/db/client';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { startServer } from '../../tests/server';

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tp-fsync-'));
  const url = `file:${path.join(dir, 'b.db')}`;
  const db = openDatabase(url);
  await migrateDatabase(db);
  const { secretKey } = await createMerchant(db, { name: 'Probe' });
  await closeDatabase(db);
  const server = await startServer({ DATABASE_URL: url, TILLPOINT_WORKER: 'off', TILLPOINT_RATE_LIMIT: 'off', TILLPOINT_SECRET: 'probe-secret-probe-secret-probe-secret' }, '/tmp/fsm/server.log');
  const pay = () => fetch(`${server.baseUrl}/api/v1/payments`, { method: 'POST', headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify({ amount: '12.34', currency: 'USD', method: 'credit_card', payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' } }) }).then(async (r) => { if (r.status !== 201) throw new Error(`${r.status} ${await r.text()}`); });
  for (let i = 0; i < 20; i++) await pay();
  for (const concurrency of [1, 16]) {
    const strace = spawn('strace', ['-f', '-c', '-e', 'trace=fsync,fdatasync', '-p', String(server.process.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let out = '';
    strace.stderr.on('data', (d) => (out += d));
    await new Promise((r) => setTimeout(r, 1000));
    const n = 320;
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => { while (next++ < n) await pay(); }));
    strace.kill('SIGINT');
    await new Promise((r) => strace.once('exit', r));
    const calls = [...out.matchAll(/^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(fsync|fdatasync)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    console.log(`concurrency ${concurrency}: ${calls} fsyncs for ${n} payments = ${(calls / n).toFixed(2)} per payment`);
  }
  await server.stop();
}
void main();
