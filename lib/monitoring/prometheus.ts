import { statSync } from 'node:fs';
import { and, count, eq, inArray, min, sql } from 'drizzle-orm';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { databasePool, databasePath, getDb } from '@/db/client';
import { onPostgres } from '@/db/dialect';
import { transactionRetryCounts } from '@/db/postgres';
import { queryRows } from '@/db/sql';
import { alerts, payments } from '@/db/schema';
import { latestWorkerHeartbeat } from './worker-heartbeat';
import { paymentCountsByMethodAndStatus } from '@/lib/rollups/payment-rollups';
import { registerEventLoopDelay } from './event-loop-delay';

function createRegistry() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tillpoint_process_' });
  registerEventLoopDelay(registry, 'tillpoint_process_');

  const requests = new Counter({
    name: 'tillpoint_http_requests_total',
    help: 'API requests by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'tillpoint_http_request_duration_seconds',
    help: 'API request latency by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const riskDecisions = new Counter({
    name: 'tillpoint_risk_decisions_total',
    help: 'Risk recommendations made at payment creation (since this process started).',
    labelNames: ['recommendation'] as const,
    registers: [registry],
  });

  const webhookDeliveries = new Counter({
    name: 'tillpoint_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: succeeded, retrying (failed, another attempt scheduled) or failed (no attempt left).',
    labelNames: ['status'] as const,
    registers: [registry],
  });

  // Gauges read from the database at scrape time: exact, and unaffected by restarts.
  new Gauge({
    name: 'tillpoint_payments',
    help: 'Payments by method and status (from the database).',
    labelNames: ['method', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      // From the rollups: a few thousand rows, not every payment, at each scrape.
      for (const r of await paymentCountsByMethodAndStatus(getDb())) this.set({ method: r.method, status: r.status }, r.n);
    },
  });
  new Gauge({
    name: 'tillpoint_alerts_open',
    help: 'Open or acknowledged alerts by type.',
    labelNames: ['type'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await getDb()
        .select({ type: alerts.type, n: count() })
        .from(alerts)
        .where(inArray(alerts.status, ['open', 'acknowledged']))
        .groupBy(alerts.type);
      for (const r of rows) this.set({ type: r.type }, r.n);
    },
  });
  new Gauge({
    name: 'tillpoint_worker_heartbeat_age_seconds',
    help: 'Seconds since the background worker last ran a pass (-1: never).',
    registers: [registry],
    async collect() {
      const heartbeat = await latestWorkerHeartbeat(getDb());
      this.set(heartbeat === null ? -1 : (Date.now() - heartbeat) / 1000);
    },
  });
  new Gauge({
    name: 'tillpoint_worker_lag_seconds',
    help: 'Age of the oldest payment still processing: how far the worker is behind.',
    registers: [registry],
    async collect() {
      const [row] = await getDb()
        .select({ oldest: min(payments.updatedAt) })
        .from(payments)
        .where(and(eq(payments.status, 'processing')));
      this.set(row.oldest === null ? 0 : (Date.now() - row.oldest) / 1000);
    },
  });
  new Gauge({
    name: 'tillpoint_database_size_bytes',
    help: 'Size of the database: the SQLite file and its write-ahead log, or pg_database_size on PostgreSQL.',
    registers: [registry],
    async collect() {
      if (onPostgres) {
        const [row] = await queryRows<{ size: number }>(getDb(), sql`SELECT pg_database_size(current_database()) AS size`);
        return this.set(Number(row.size));
      }
      const file = databasePath();
      const size = (path: string) => {
        try {
          return statSync(path).size;
        } catch {
          return 0;
        }
      };
      this.set(file === ':memory:' ? 0 : size(file) + size(`${file}-wal`));
    },
  });
  if (onPostgres) registerPostgresMetrics(registry);
  return { registry, requests, latency, riskDecisions, webhookDeliveries };
}

/** The pool of this process (size, idle, waiting clients) and transaction retries (db/postgres.ts). */
function registerPostgresMetrics(registry: Registry) {
  const pool = (key: 'size' | 'max' | 'idle' | 'waiting') => databasePool(getDb())?.[key] ?? 0;
  const gauges = [
    ['tillpoint_db_pool_connections', 'PostgreSQL connections open in this process\'s pool.', 'size'],
    ['tillpoint_db_pool_max', 'The pool\'s limit (TILLPOINT_DB_POOL).', 'max'],
    ['tillpoint_db_pool_idle', 'Open connections not in use.', 'idle'],
    ['tillpoint_db_pool_waiting_clients', 'Queries and transactions waiting for a connection.', 'waiting'],
  ] as const;
  for (const [name, help, key] of gauges) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(pool(key));
      },
    });
  }
  new Counter({
    name: 'tillpoint_db_transaction_retries_total',
    help: 'Transaction conflicts (40001 serialization failure, 40P01 deadlock) since start: retried, or exhausted (gave up: 503).',
    labelNames: ['code', 'outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [key, n] of transactionRetryCounts) {
        const [code, outcome] = key.split(':');
        this.inc({ code, outcome }, n);
      }
    },
  });
}

const globalForMetrics = globalThis as unknown as { tillpointMetrics?: ReturnType<typeof createRegistry> };

/** One registry per process (module instances may be duplicated across Next.js bundles). */
export function metrics() {
  globalForMetrics.tillpointMetrics ??= createRegistry();
  return globalForMetrics.tillpointMetrics;
}

/**
 * `route` is the route's pattern (`/api/v1/payments/[id]`) or `other`, never the raw URL, so
 * nobody can create label values (series) by sending made-up paths.
 */
export function recordRequest(route: string, method: string, status: number, seconds: number): void {
  const labels = { route, method, status: String(status) };
  const m = metrics();
  m.requests.inc(labels);
  m.latency.observe(labels, seconds);
}
