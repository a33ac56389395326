/**
 * Which database this process talks to, decided once from DATABASE_URL: `postgres://` (or
 * `postgresql://`) is PostgreSQL, anything else (`file:…`, a path, `:memory:`) is SQLite.
 * The schema's tables are built for this dialect when db/schema loads (db/schema/core.ts).
 * TILLPOINT_SCHEMA_DIALECT overrides it where there is no database to name: drizzle-kit's
 * PostgreSQL config (drizzle.pg.config.ts) and the schema parity test.
 */
export type Dialect = 'sqlite' | 'postgresql';

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

export const dialectOf = (url: string): Dialect => (isPostgresUrl(url) ? 'postgresql' : 'sqlite');

function processDialect(): Dialect {
  const forced = process.env.TILLPOINT_SCHEMA_DIALECT;
  if (forced === 'sqlite' || forced === 'postgresql') return forced;
  return dialectOf(process.env.DATABASE_URL ?? '');
}

export const DIALECT: Dialect = processDialect();
export const onPostgres = DIALECT === 'postgresql';
