// `npm run bench`: speed figures on a seeded temporary database (no server): risk assessment
// latency and payment creation throughput through the real services.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrateDatabase, openDatabase } from '@/db/client';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { createPayment } from '@/lib/payments/create-payment';
import { assessPayment } from '@/lib/risk/assess-payment';
import { createCustomRule } from '@/lib/risk/custom-rules/create-custom-rule';
import { seedDemoHistory } from './demo/seed-history';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function report(name: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const fmt = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  console.log(`${name.padEnd(34)} n=${samples.length}  p50 ${fmt(percentile(sorted, 50))}  p95 ${fmt(percentile(sorted, 95))}  p99 ${fmt(percentile(sorted, 99))}`);
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-bench-'));
  process.env.TILLPOINT_SECRET ??= 'bench-secret';
  try {
    const db = openDatabase(`file:${path.join(dir, 'bench.db')}`);
    migrateDatabase(db);
    const { merchantId } = await createMerchant(db, { name: 'Bench' });
    const seeded = await seedDemoHistory(db, merchantId, { days: 30 });
    for (let i = 0; i < 5; i++) {
      await createCustomRule(db, { merchantId, actor: 'bench', name: `rule ${i}`, expression: `amount > ${1000 * (i + 1)} && method == "crypto"`, action: 'score', score: 0.1 });
    }
    console.log(`Seeded ${seeded.payments} payments over 30 days, 5 custom rules.\n`);

    const customers = Array.from({ length: 50 }, (_, i) => `cus_${String(i + 1).padStart(4, '0')}`);
    const assessments: number[] = [];
    for (let i = 0; i < 2000; i++) {
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
    report('risk assessment (all rules)', assessments);

    const creations: number[] = [];
    const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' };
    const started = performance.now();
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      await createPayment(db, { merchantId, body: { amount: '25.00', currency: 'USD', method: 'credit_card', customer_id: `cus_new_${i}`, payment_details: card } });
      creations.push(performance.now() - t);
    }
    report('create + capture a card payment', creations);
    console.log(`${'payment creation throughput'.padEnd(34)} ${(500 / ((performance.now() - started) / 1000)).toFixed(0)} payments/s (synchronous=FULL)`);
    db.$client.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
