import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from './client';
import { migrationsBefore, removeMigrationCopies } from './migrations-before';

afterEach(removeMigrationCopies);

describe('0009_api_key_roles data migration', () => {
  it('makes owner keys only of CLI and owner-made keys, gives the rest their maker’s role, and revokes orphans', () => {
    const db = openDatabase(':memory:');
    migrate(db, { migrationsFolder: migrationsBefore('0009_api_key_roles') });
    const sql = db.$client;
    sql.prepare("INSERT INTO merchants (id, name, created_at) VALUES ('acct_1', 'Shop', 1)").run();
    const user = sql.prepare("INSERT INTO users (id, merchant_id, email, password_hash, role, created_at) VALUES (?, 'acct_1', ?, 'x', ?, 1)");
    user.run('user_owner', 'owner@shop.test', 'owner');
    user.run('user_dev', 'dev@shop.test', 'developer');
    user.run('user_support', 'support@shop.test', 'support');
    const key = sql.prepare("INSERT INTO api_keys (id, merchant_id, key_hash, redacted, name, created_by, created_at, revoked_at) VALUES (?, 'acct_1', ?, 'sk_test_…x', ?, ?, 1, ?)");
    key.run('key_cli', 'h1', 'cli', null, null);
    key.run('key_owner', 'h2', 'owner', 'owner@shop.test', null);
    key.run('key_dev', 'h3', 'dev', 'dev@shop.test', null);
    key.run('key_support', 'h4', 'support', 'support@shop.test', null);
    key.run('key_made_by_dev_key', 'h5', 'dev via key', 'key_dev', null);
    key.run('key_made_by_cli_key', 'h6', 'cli via key', 'key_cli', null);
    key.run('key_gone_user', 'h7', 'removed user', 'left@shop.test', null);
    key.run('key_dev_revoked', 'h8', 'old', 'dev@shop.test', 5);

    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    const rows = sql.prepare('SELECT id, role, created_by_user_id AS userId, revoked_at AS revokedAt, last_used_at AS lastUsedAt FROM api_keys ORDER BY id').all() as {
      id: string;
      role: string;
      userId: string | null;
      revokedAt: number | null;
      lastUsedAt: number | null;
    }[];
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId.key_cli).toMatchObject({ role: 'owner', userId: null, revokedAt: null });
    expect(byId.key_owner).toMatchObject({ role: 'owner', userId: 'user_owner', revokedAt: null });
    expect(byId.key_dev).toMatchObject({ role: 'developer', userId: 'user_dev', revokedAt: null });
    expect(byId.key_support).toMatchObject({ role: 'support', userId: 'user_support', revokedAt: null });
    expect(byId.key_made_by_dev_key).toMatchObject({ role: 'developer', userId: 'user_dev', revokedAt: null });
    expect(byId.key_made_by_cli_key).toMatchObject({ role: 'owner', userId: null, revokedAt: null });
    expect(byId.key_gone_user).toMatchObject({ role: 'viewer', userId: null });
    expect(byId.key_gone_user.revokedAt).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(byId.key_dev_revoked).toMatchObject({ role: 'developer', revokedAt: 5 });
    expect(rows.every((r) => r.lastUsedAt === null)).toBe(true);
    // The helper table is gone.
    expect(sql.prepare("SELECT count(*) AS n FROM sqlite_temp_master WHERE name = 'api_key_origins'").get()).toEqual({ n: 0 });
    sql.close();
  });
});
