// Running `npm start`, `npm run demo` and `npm run worker` as services from a test: each in its
// own process group (as a process manager runs it), its output collected.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { closeDatabase, openDatabase } from '@/db/client';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { TEST_ENV } from './global-setup';
import { childEnv } from './server';
import { migratedDatabaseIn } from './test-db';

export type Exit = { code: number | null; signal: NodeJS.Signals | null; afterSignalMs: number };

export type Service = {
  child: ChildProcess;
  output: () => string;
  waitForOutput: (text: string) => Promise<void>;
  /** SIGTERM to the npm process only, as a process manager sends it. */
  terminate: () => void;
  exited: Promise<Exit>;
};

const running: Service[] = [];
const dirs: string[] = [];

/** For `afterEach`: kills what a test started and removes its temporary databases. */
export function cleanUpServices(): void {
  // A failed test must not leave a server behind: the service runs in its own process group.
  for (const service of running.splice(0)) {
    try {
      process.kill(-service.child.pid!, 'SIGKILL');
    } catch {
      // the group is gone: nothing was left behind
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A temporary folder, removed by cleanUpServices. */
export function tempDirectory(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-service-'));
  dirs.push(dir);
  return dir;
}

/** A migrated database: a SQLite file in a temporary folder, or a PostgreSQL database (TEST_DATABASE=postgres). */
export function tempDatabase(): Promise<string> {
  return migratedDatabaseIn(tempDirectory(), 'service');
}

/** A migrated temporary database with one merchant in it. */
export async function tempDatabaseWithMerchant(name: string): Promise<{ databaseUrl: string; secretKey: string }> {
  const databaseUrl = await tempDatabase();
  const db = openDatabase(databaseUrl);
  try {
    const { secretKey } = await createMerchant(db, { name });
    return { databaseUrl, secretKey };
  } finally {
    await closeDatabase(db);
  }
}

/** `npm run <script> -- <args>` in its own process group (a service, not part of this test's group). */
export function startService(script: string, env: Record<string, string>, args: string[] = []): Service {
  const child = spawn('npm', ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])], {
    env: childEnv({ ...TEST_ENV, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let signalledAt = 0;
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, afterSignalMs: performance.now() - signalledAt })),
  );
  const service: Service = {
    child,
    output: () => output,
    waitForOutput: (text) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (output.includes(text)) {
            listeners.delete(check);
            resolve();
          }
        };
        listeners.add(check);
        check();
        void exited.then(() => {
          if (!output.includes(text)) reject(new Error(`exited before printing "${text}":\n${output}`));
        });
      }),
    terminate: () => {
      signalledAt = performance.now();
      child.kill('SIGTERM');
    },
    exited,
  };
  running.push(service);
  return service;
}

/**
 * A POST whose body is sent only when asked: `Expect: 100-continue` makes the server confirm it
 * has the request before the body goes out, so the request is provably in flight meanwhile.
 */
export function postInTwoSteps(port: number, urlPath: string, secretKey: string, body: unknown) {
  const payload = JSON.stringify(body);
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: urlPath,
    headers: {
      authorization: `Bearer ${secretKey}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      expect: '100-continue',
    },
  });
  const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.once('error', reject);
  });
  const accepted = new Promise<void>((resolve) => req.once('continue', resolve));
  req.flushHeaders();
  return {
    accepted,
    response,
    sendBody: () => {
      req.end(payload);
      return response;
    },
  };
}

