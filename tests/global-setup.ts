import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startServer, type RunningServer } from './server';
import { createPostgresTemplate, dropRunDatabases, migratedDatabase, onPostgresSuite, type TestDatabase } from './test-db';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    serverLog: string;
  }
}

export const TEST_ENV = {
  // The suite scrapes /api/metrics without a token; tests/security-metrics.test.ts runs without this.
  TILLPOINT_METRICS_PUBLIC: '1',
  TILLPOINT_SECRET: 'test-secret-for-the-api-suite',
  TILLPOINT_WORKER_INTERVAL_MS: '200',
  TILLPOINT_ASYNC_SETTLE_SECONDS: '1',
  TILLPOINT_LOG_LEVEL: 'info',
  // Webhook retries 1000× faster: the first retry comes after ~60 ms instead of a minute.
  TILLPOINT_WEBHOOK_RETRY_SCALE: '0.001',
  // The webhook tests' receivers listen on 127.0.0.1 (tests/security-webhook-ssrf.test.ts
  // starts its own server without this, to prove the rule).
  TILLPOINT_WEBHOOK_ALLOW_PRIVATE: '1',
  // The suite plays a proxy chain (risk tests send X-Forwarded-For): loopback and 10/8 are trusted hops.
  TILLPOINT_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8',
  // The API limits stay on (their headers and code run on every request) but out of reach: the
  // fuzz test alone sends 1,200 requests from one key and one address as fast as it can.
  // tests/security-limits.test.ts starts servers with low limits of their own.
  TILLPOINT_RATE_LIMIT_PER_KEY: '100000',
  TILLPOINT_RATE_LIMIT_PER_IP: '100000',
  // scrypt at 2^14, not 2^17: the suite signs in and creates users hundreds of times.
  TILLPOINT_PASSWORD_HASH_COST: '14',
};

let server: RunningServer | undefined;
let dir: string | undefined;
let database: TestDatabase | undefined;

/**
 * One production server for the whole API suite, on a fresh temporary SQLite file or, with
 * TEST_DATABASE=postgres, a fresh PostgreSQL database (cloned from a template migrated here).
 */
export async function setup(project: TestProject) {
  dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-api-'));
  if (onPostgresSuite) await createPostgresTemplate();
  database = await migratedDatabase('api');
  const { databaseUrl } = database;
  const serverLog = path.join(dir, 'server.log');
  server = await startServer({ ...TEST_ENV, DATABASE_URL: databaseUrl }, serverLog);
  project.provide('baseUrl', server.baseUrl);
  project.provide('databaseUrl', databaseUrl);
  project.provide('serverLog', serverLog);
}

export async function teardown() {
  await server?.stop();
  await database?.remove();
  if (onPostgresSuite) await dropRunDatabases();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
