import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { databasePath } from '@/db/client';
import { queryRows } from '@/db/sql';
import { newMerchant, suiteDb } from './api-client';
import { onPostgresSuite } from './test-db';

/**
 * Everything stored for the suite's database: SQLite's file and its write-ahead log, or on
 * PostgreSQL every row of every table as text.
 */
async function databaseBytes(): Promise<Buffer> {
  if (onPostgresSuite) {
    const db = suiteDb();
    const tables = await queryRows<{ name: string }>(db, sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
    const rows = await Promise.all(tables.map(({ name }) => queryRows<{ row: string }>(db, sql`SELECT t::text AS row FROM ${sql.identifier(name)} t`)));
    return Buffer.from(rows.flat().map((r) => r.row).join('\n'));
  }
  const file = databasePath(inject('databaseUrl'));
  return Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

describe('secrets shown once are never stored readable', () => {
  it('keeps the answers of keyed requests that carry a secret sealed, and still replays them', async () => {
    const { api } = await newMerchant();
    const key = await api.post('/api_keys', { name: 'at rest' }, { 'idempotency-key': 'at-rest-key' });
    expect(key.status).toBe(201);
    const endpoint = await api.post('/webhook_endpoints', { url: 'http://127.0.0.1:9/hooks', enabled_events: ['*'] }, { 'idempotency-key': 'at-rest-endpoint' });
    expect(endpoint.status).toBe(201);
    const rolled = await api.post(`/webhook_endpoints/${endpoint.body.id}/roll_secret`, {}, { 'idempotency-key': 'at-rest-roll' });
    expect(rolled.status).toBe(200);
    const secrets = [key.body.secret, endpoint.body.secret, rolled.body.secret];
    expect(secrets.every((s) => typeof s === 'string' && s.length > 20)).toBe(true);

    // A replay within 24 hours gives the same answer, secret included, byte for byte.
    const replayed = await api.post('/api_keys', { name: 'at rest' }, { 'idempotency-key': 'at-rest-key' });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.text).toBe(key.text);

    const bytes = await databaseBytes();
    // The check can fail: the key's public part is stored, so the search does find what is there.
    expect(bytes.includes(key.body.redacted)).toBe(true);
    for (const secret of secrets) expect(bytes.includes(secret), `${secret.slice(0, 8)}… found in the database`).toBe(false);
  });
});
