import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { computeFee, getFeeSchedule } from '@/lib/settlement/fees';
import { MIGRATIONS_FOLDER, openDatabase } from './client';
import { migrationsBefore, removeMigrationCopies } from './migrations-before';

afterEach(removeMigrationCopies);

describe('0011_fee_minor_units data migration', () => {
  it('turns major-unit fee strings into exact thousandths, keeping every fee the same', async () => {
    const db = openDatabase(':memory:');
    migrate(db, { migrationsFolder: migrationsBefore('0011_fee_minor_units') });
    const sql = db.$client;
    const merchant = sql.prepare('INSERT INTO merchants (id, name, created_at) VALUES (?, ?, 1)');
    const schedule = sql.prepare('INSERT INTO fee_schedules (merchant_id, method, rate_ppm, fixed, cap, updated_at) VALUES (?, ?, 29000, ?, ?, 7)');
    // [fixed, cap] as the old API stored them, and what they must become.
    const cases: [string, string | null, number, number | null][] = [
      ['0.30', null, 300, null],
      ['0', '5.00', 0, 5_000],
      ['0.3', '5', 300, 5_000],
      ['1.005', '12.345', 1_005, 12_345],
      ['000.25', '0.0', 250, 0],
      ['0.0005', '0.0015', 0, 2], // finer than thousandths: half-even (a tie goes to the even side)
      ['0.00051', '0.0025', 1, 2], // above the half rounds up; 2.5 → 2
      ['0.0035000', '2.9994999', 4, 2_999], // trailing zeros keep a tie a tie; below the half rounds down
      ['99999999999999999999', '1000000000.5', 999_999_999_990, 999_999_999_990], // above the maximum: clamped
    ];
    const methods = ['credit_card', 'debit_card', 'bank_transfer', 'digital_wallet', 'crypto'];
    cases.forEach(([fixed, cap], i) => {
      merchant.run(`acct_${i}`, `Shop ${i}`);
      schedule.run(`acct_${i}`, methods[i % methods.length], fixed, cap);
    });

    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    const rows = sql.prepare('SELECT merchant_id AS id, rate_ppm AS ratePpm, fixed_thousandths AS fixed, cap_thousandths AS cap, updated_at AS updatedAt FROM fee_schedules ORDER BY id').all() as {
      id: string;
      ratePpm: number;
      fixed: number;
      cap: number | null;
      updatedAt: number;
    }[];
    expect(rows.map((r) => [r.fixed, r.cap])).toEqual(cases.map(([, , fixed, cap]) => [fixed, cap]));
    expect(rows.every((r) => r.ratePpm === 29_000 && r.updatedAt === 7)).toBe(true);

    // The code reads the new columns: the default card fee of a migrated "0.30" row is unchanged.
    const migrated = await getFeeSchedule(db, 'acct_0', 'credit_card');
    expect(computeFee(10_000, 'USD', migrated)).toBe(320);
    expect(sql.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'fee_schedules_pk'").get()).toEqual({ n: 1 });
    expect(sql.prepare("SELECT count(*) AS n FROM sqlite_temp_master WHERE name = 'fee_amounts'").get()).toEqual({ n: 0 });
    sql.close();
  });
});
