import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** The schema as one dialect builds it (db/dialect.ts picks the dialect when db/schema loads). */
async function schemaFor(dialect: 'sqlite' | 'postgresql'): Promise<Record<string, unknown>> {
  vi.resetModules();
  vi.stubEnv('TILLPOINT_SCHEMA_DIALECT', dialect);
  return import('./index');
}
afterEach(() => vi.unstubAllEnvs());

type Shape = {
  columns: { name: string; notNull: boolean; primary: boolean; default: unknown; kind: string }[];
  indexes: { name: string; unique: boolean; columns: string[] }[];
  foreignKeys: string[];
  primaryKeys: string[];
};

// The kind each dialect's column type stands for: what must agree between the two.
const KINDS: Record<string, string> = {
  SQLiteText: 'text',
  PgText: 'text',
  SQLiteInteger: 'integer',
  PgInteger: 'integer',
  SQLiteBigInt: 'int64',
  PgBigInt53: 'int64',
  SQLiteBoolean: 'boolean',
  PgBoolean: 'boolean',
  SQLiteReal: 'double',
  PgDoublePrecision: 'double',
  SQLiteTextJson: 'json',
  PgJson: 'json',
};

function shapeOf(config: ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>, int64Columns?: Set<string>): Shape {
  return {
    columns: config.columns.map((c) => {
      // SQLite's INTEGER is 64-bit: a column is int64 where PostgreSQL says bigint.
      let kind = KINDS[c.columnType] ?? c.columnType;
      if (kind === 'integer' && int64Columns?.has(c.name)) kind = 'int64';
      return { name: c.name, notNull: c.notNull, primary: c.primary, default: c.default, kind };
    }),
    indexes: config.indexes
      .map((i) => ({ name: i.config.name!, unique: i.config.unique, columns: i.config.columns.map((c) => (c as { name: string }).name) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name).join(',')).sort(),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return `${ref.columns.map((c) => c.name).join(',')} -> ${ref.foreignColumns.map((c) => c.name).join(',')}`;
      })
      .sort(),
  };
}

describe('one schema, two dialects', () => {
  it('describes the same tables, columns, nullability, defaults, keys and indexes on SQLite and PostgreSQL', async () => {
    const sqlite = Object.entries(await schemaFor('sqlite')).filter(([, t]) => t instanceof SQLiteTable);
    const pg = Object.entries(await schemaFor('postgresql')).filter(([, t]) => t instanceof PgTable);
    expect(pg.map(([name]) => name)).toEqual(sqlite.map(([name]) => name));
    expect(sqlite.length).toBeGreaterThan(20);

    for (const [name, pgTable] of pg) {
      const pgShape = shapeOf(pgTableConfig(pgTable as PgTable));
      const int64 = new Set(pgShape.columns.filter((c) => c.kind === 'int64').map((c) => c.name));
      const sqliteTable = sqlite.find(([n]) => n === name)![1] as SQLiteTable;
      expect(shapeOf(sqliteTableConfig(sqliteTable), int64), name).toEqual(pgShape);
    }
  });

  it('keeps money and timestamps 64-bit on PostgreSQL', async () => {
    const { payments } = (await schemaFor('postgresql')) as { payments: PgTable };
    const types = Object.fromEntries(pgTableConfig(payments).columns.map((c) => [c.name, c.getSQLType()]));
    expect(types).toMatchObject({ amount: 'bigint', amount_refunded: 'bigint', created_at: 'bigint', capture_on_confirm: 'boolean', metadata: 'json' });
  });
});
