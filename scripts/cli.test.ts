import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '@/db/client';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { createPayment } from '@/lib/payments/create-payment';

const run = promisify(execFile);

function freshDatabaseUrl(): string {
  const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), 'tillpoint-cli-')), 'cli.db')}`;
  const db = openDatabase(url);
  migrateDatabase(db);
  db.$client.close();
  return url;
}

async function cli(databaseUrl: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each case starts the CLI as its own tsx process (seconds apiece on a busy machine).
describe('tillpoint CLI', { timeout: 120_000 }, () => {
  it('creates a merchant with an owner and a working key, printed as one JSON object', async () => {
    const url = freshDatabaseUrl();
    const created = await cli(url, 'merchants', 'create', '--name', 'Acme', '--email', 'Owner@Acme.test', '--password', 'correct horse', '--json');
    expect(created.code).toBe(0);
    const json = JSON.parse(created.stdout);
    expect(Object.keys(json).sort()).toEqual(['email', 'merchant_id', 'secret_key']);
    expect(json).toMatchObject({ email: 'owner@acme.test' });
    expect(json.merchant_id).toMatch(/^acct_/);
    expect(json.secret_key).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);

    const db = openDatabase(url);
    const [user] = db.$client.prepare('SELECT role, password_hash FROM users WHERE merchant_id = ?').all(json.merchant_id) as {
      role: string;
      password_hash: string;
    }[];
    expect(user.role).toBe('owner');
    expect(user.password_hash).not.toContain('correct horse');
    db.$client.close();

    const key = await cli(url, 'keys', 'create', '--merchant', json.merchant_id);
    expect(key.code).toBe(0);
    expect(key.stdout).toContain('(role: owner)');
    const keyId = key.stdout.match(/key_\w+/)![0];
    expect((await cli(url, 'keys', 'revoke', keyId)).code).toBe(0);
    expect((await cli(url, 'ledger', 'verify')).code).toBe(0);
  });

  it('exits non-zero with a clear message on bad arguments', async () => {
    const url = freshDatabaseUrl();
    const cases = [
      [['merchants', 'create']],
      [['merchants', 'create', '--name', 'X', '--email', 'a@b.c']],
      [['merchants', 'create', '--name', 'X', '--bogus']],
      [['keys', 'create', '--merchant', 'acct_missing']],
      [['keys', 'revoke', 'key_missing']],
      [['fly', 'away']],
    ];
    for (const [args] of cases) {
      const result = await cli(url, ...args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(/Error: /);
    }
  });

  it('refuses an owner password under 12 characters, as a password change would, and creates nothing', async () => {
    const url = freshDatabaseUrl();
    const result = await cli(url, 'merchants', 'create', '--name', 'Acme', '--email', 'owner@acme.test', '--password', 'elevenchars');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Error: Invalid owner.password: must be at least 12 characters');
    const db = openDatabase(url);
    expect(db.$client.prepare('SELECT count(*) AS n FROM merchants').get()).toEqual({ n: 0 });
    db.$client.close();
  });

  it('rebuilds the payment rollups from the payments table', async () => {
    const url = freshDatabaseUrl();
    const db = openDatabase(url);
    const { merchantId } = await createMerchant(db, { name: 'Acme' });
    const card = { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' };
    await createPayment(db, { merchantId, body: { amount: '12.34', currency: 'USD', method: 'credit_card', payment_details: card } });
    const cells = () => db.$client.prepare("SELECT status, count, amount, volume FROM payment_rollups WHERE count <> 0").all();
    const kept = cells();
    expect(kept).toEqual([{ status: 'success', count: 1, amount: 1234, volume: 1234 }]);
    db.$client.exec('DELETE FROM payment_rollups');
    const result = await cli(url, 'rollups', 'rebuild');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Payment rollups rebuilt: 1 cells.');
    expect(cells()).toEqual(kept);
    db.$client.close();
  });

  it('reports an unsound ledger with exit code 1', async () => {
    const url = freshDatabaseUrl();
    const db = openDatabase(url);
    db.$client.exec(`
      INSERT INTO merchants (id, name, created_at) VALUES ('acct_x', 'X', 0);
      INSERT INTO ledger_accounts (id, merchant_id, currency, type, balance, created_at) VALUES ('la_1', 'acct_x', 'USD', 'merchant_pending', -5, 0);`);
    db.$client.close();
    const result = await cli(url, 'ledger', 'verify');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('balance_mismatch la_1');
  });
});

describe('tillpoint settle', () => {
  it('settles a day into a payout once, however often it runs', async () => {
    const url = freshDatabaseUrl();
    const db = openDatabase(url);
    const { merchantId } = await createMerchant(db, { name: 'Settler' });
    await createPayment(db, { merchantId, body: { amount: '100.00', currency: 'USD', method: 'credit_card', payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' } }, now: Date.parse('2026-03-02T10:00:00Z') });
    db.$client.close();

    const first = await cli(url, 'settle', '--date', '2026-03-04');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`${merchantId} USD 2026-03-04: 1 transactions, 96.80 → payout po_\\w+\\n`));
    const again = await cli(url, 'settle', '--date', '2026-03-04');
    expect(again.stdout).toContain('(already settled)');
    expect((await cli(url, 'ledger', 'verify')).code).toBe(0);
    expect((await cli(url, 'settle', '--date', 'yesterday')).code).not.toBe(0);
  });

  it('lists and sets the indicative exchange rates, and a payment is placed by the new rate', async () => {
    const url = freshDatabaseUrl();
    const listed = await cli(url, 'fx', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('JPY 0.0067');
    expect(listed.stdout).toContain('EUR 1.08');
    const set = await cli(url, 'fx', 'set', 'jpy', '0.01');
    expect(set.stdout).toContain('1 JPY = 0.01 USD');
    expect((await cli(url, 'fx', 'set', 'JPY', '-1')).code).toBe(2);
    expect((await cli(url, 'fx', 'set', 'XYZ', '1')).stderr).toContain('Unsupported currency');

    const db = openDatabase(url);
    const { merchantId } = await createMerchant(db, { name: 'Yen shop' });
    // ¥1,000,001 is $10,000.01 at the rate just set: above the large-amount threshold.
    const payment = await createPayment(db, {
      merchantId,
      body: { amount: '1000001', currency: 'JPY', method: 'credit_card', payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' } },
    });
    expect(payment.riskFactors).toContainEqual(expect.objectContaining({ rule: 'large_amount', fx: { from: 'JPY', to: 'USD', rate: '0.01', amount: '10000.01' } }));
    db.$client.close();
  }, 60_000); // four CLI runs, each a tsx start
});
