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

describe('tillpoint CLI', () => {
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
});
