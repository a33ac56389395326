import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { processCpuMs, type Client } from './load';

/**
 * What the scale-out comparison needs beside the load generator: a fresh PostgreSQL database
 * with a merchant, the database's CPU time, and one client spreading requests over instances.
 * The bench process itself is built for SQLite (db/dialect.ts), so the PostgreSQL database is
 * migrated and given its merchant by child processes, as an operator would.
 */

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

async function onServer<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export type BenchDatabase = { databaseUrl: string; name: string; secretKey: string; drop: () => Promise<void> };

/** A new database on the server of `serverUrl` (a role that may create databases), migrated, with one merchant. */
export async function benchPostgresDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `tp_bench_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const databaseUrl = withDatabase(serverUrl, name);
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], { env, stdio: 'ignore' });
  const created = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'merchants', 'create', '--name', 'Bench', '--json'], { env, encoding: 'utf8' })) as {
    secret_key: string;
  };
  return {
    databaseUrl,
    name,
    secretKey: created.secret_key,
    drop: () => onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * CPU milliseconds the backends serving `database` have used (user + system, from /proc): the
 * database's share of the work. Other sessions' databases on the same server are not counted;
 * a backend that exited since the last call takes its time with it (the pools keep theirs open).
 */
export async function databaseCpuMs(serverUrl: string, database: string): Promise<number> {
  const { rows } = await onServer(serverUrl, (c) => c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]));
  return rows.reduce((total, { pid }) => total + processCpuMs(pid), 0);
}

/** One client over several instances, round-robin, as behind a load balancer. */
export function roundRobin(clients: Client[]): Client {
  let next = 0;
  return {
    send: (call, startedAt) => clients[next++ % clients.length].send(call, startedAt),
    close: () => clients.forEach((c) => c.close()),
    reset: () => clients.forEach((c) => c.reset()),
  };
}
