import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { isPostgresUrl } from './dialect';
import { MIGRATIONS_FOLDER_PG } from './postgres';

/**
 * Copies every row of a SQLite database into a new PostgreSQL one (`npm run tillpoint -- db copy
 * --from file:… --to postgres://…`): the target is migrated to the current schema, must be
 * empty, and gets everything in one transaction, parents before children (foreign keys stay
 * on), with each table's row count checked before COMMIT. Raw drivers on both sides: this
 * process's drizzle schema is built for one dialect only (db/dialect.ts).
 */
export type CopiedTable = { table: string; rows: number };

const BATCH_PARAMETERS = 30_000; // under PostgreSQL's 65,535 bind parameters per statement

export async function copySqliteToPostgres(from: string, to: string): Promise<CopiedTable[]> {
  if (isPostgresUrl(from) || !isPostgresUrl(to)) throw new Error('db copy goes from a SQLite database (file:…) to a PostgreSQL one (postgres://…)');
  const source = new Database(from.replace(/^file:/, ''), { readonly: true, fileMustExist: true });
  const pool = new pg.Pool({ connectionString: to, max: 1 });
  try {
    await migrate(drizzle(pool), { migrationsFolder: MIGRATIONS_FOLDER_PG });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const copied: CopiedTable[] = [];
      for (const table of tablesInDependencyOrder(source)) copied.push(await copyTable(source, client, table));
      await client.query('COMMIT');
      return copied;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  } finally {
    source.close();
    await pool.end();
  }
}

/**
 * Tables with the ones they reference first (SQLite's own foreign key list). Ordinary tables
 * only: the FTS5 search index (a virtual table and its shadow tables) is SQLite's own, and
 * PostgreSQL indexes the copied payments itself (db/payment-search.ts).
 */
function tablesInDependencyOrder(source: Database.Database): string[] {
  const tables = (
    source.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations' ORDER BY name").all() as { name: string }[]
  ).map((t) => t.name);
  const parents = new Map(tables.map((t) => [t, (source.pragma(`foreign_key_list("${t}")`) as { table: string }[]).map((fk) => fk.table).filter((p) => p !== t)]));
  const ordered: string[] = [];
  const visit = (table: string) => {
    if (ordered.includes(table)) return;
    for (const parent of parents.get(table) ?? []) visit(parent);
    ordered.push(table);
  };
  tables.forEach(visit);
  return ordered;
}

async function copyTable(source: Database.Database, target: pg.PoolClient, table: string): Promise<CopiedTable> {
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const { rows: columns } = await target.query<{ column_name: string; data_type: string; is_identity: string }>(
    "SELECT column_name, data_type, is_identity FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    [table],
  );
  if (columns.length === 0) throw new Error(`Table ${table} is not in the PostgreSQL schema: migrate both to the same version first`);
  const [{ n: existing }] = (await target.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(table)}`)).rows;
  if (Number(existing) > 0) throw new Error(`The target is not empty: ${table} has ${existing} rows`);

  // SQLite keeps booleans as 0/1; everything else (text, integers, JSON text) goes as it is.
  const convert = columns.map((c) => (c.data_type === 'boolean' ? (v: unknown) => (v === null ? null : v !== 0) : (v: unknown) => v));
  const names = columns.map((c) => c.column_name);
  const select = source.prepare(`SELECT ${names.map(ident).join(', ')} FROM ${ident(table)}`).raw();
  const perBatch = Math.max(1, Math.floor(BATCH_PARAMETERS / names.length));
  let count = 0;
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const values = batch.map((_, r) => `(${names.map((__, c) => `$${r * names.length + c + 1}`).join(', ')})`).join(', ');
    await target.query(`INSERT INTO ${ident(table)} (${names.map(ident).join(', ')}) VALUES ${values}`, batch.flat());
    count += batch.length;
    batch = [];
  };
  for (const row of select.iterate() as Iterable<unknown[]>) {
    batch.push(row.map((v, i) => convert[i](v)));
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  // Identity columns continue after the copied ids.
  for (const c of columns.filter((c) => c.is_identity === 'YES')) {
    await target.query(`SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT max(${ident(c.column_name)}) FROM ${ident(table)}), 1))`, [table, c.column_name]);
  }
  const [{ n: copied }] = (await target.query<{ n: string }>(`SELECT count(*) AS n FROM ${ident(table)}`)).rows;
  const [{ n: expected }] = source.prepare(`SELECT count(*) AS n FROM ${ident(table)}`).all() as { n: number }[];
  if (Number(copied) !== expected || count !== expected) throw new Error(`${table}: copied ${copied} rows of ${expected}`);
  return { table, rows: expected };
}
