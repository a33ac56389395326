// `npm start`, `npm run demo` and `npm run worker` stop cleanly on SIGTERM sent to the pid a
// process manager (systemd, Docker, Kubernetes) signals: the npm process itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databasePath, migrateDatabase, openDatabase, transaction } from '@/db/client';
import { payments, webhookAttempts, webhookDeliveries } from '@/db/schema';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { createEndpoint } from '@/lib/webhooks/endpoints';
import { emitEvent } from '@/lib/events/events';
import { seedDemoHistory } from '@/scripts/demo/seed-history';
import { cardPayment } from './api-client';
import { TEST_ENV } from './global-setup';
import { assertBuilt, freePort } from './server';

const DEFAULT_BOUND_MS = 10_000;

type Exit = { code: number | null; signal: NodeJS.Signals | null; afterSignalMs: number };

type Service = {
  child: ChildProcess;
  output: () => string;
  waitForOutput: (text: string) => Promise<void>;
  /** SIGTERM to the npm process only, as a process manager sends it. */
  terminate: () => void;
  exited: Promise<Exit>;
};

const running: Service[] = [];
const dirs: string[] = [];
afterEach(() => {
  // A failed test must not leave a server behind: the service runs in its own process group.
  for (const service of running.splice(0)) {
    try {
      process.kill(-service.child.pid!, 'SIGKILL');
    } catch {
      // the group is gone: nothing was left behind
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDatabase(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tillpoint-shutdown-'));
  dirs.push(dir);
  const databaseUrl = `file:${path.join(dir, 'tillpoint.db')}`;
  const db = openDatabase(databaseUrl);
  migrateDatabase(db);
  db.$client.close();
  return databaseUrl;
}

/** `npm run <script> -- <args>` in its own process group (a service, not part of this test's group). */
function startService(script: string, env: Record<string, string>, args: string[] = []): Service {
  const child = spawn('npm', ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])], {
    env: { ...process.env, ...TEST_ENV, ...env },
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

async function waitUntilServing(service: Service, baseUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`exited early:\n${service.output()}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`not serving in time:\n${service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A process as /proc knows it: pid, start time (so a reused pid is not mistaken for it), command. */
type Proc = { pid: number; ppid: number; started: string; command: string };

function readProc(pid: number): (Proc & { state: string }) | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(fields[1]), state: fields[0], started: fields[19], command };
  } catch {
    return null;
  }
}

/** `pid` and every process below it. */
function processTree(pid: number): Proc[] {
  const all = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProc(Number(entry)))
    .filter((proc): proc is Proc & { state: string } => proc !== null);
  const tree = all.filter((proc) => proc.pid === pid);
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((proc) => proc.ppid === tree[i].pid));
  return tree;
}

function stillRunning(tree: Proc[]): Proc[] {
  return tree.filter((proc) => {
    const now = readProc(proc.pid);
    return now !== null && now.started === proc.started && now.state !== 'Z';
  });
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? resolve(true) : reject(error)));
  });
}

/**
 * A POST whose body is sent only when asked: `Expect: 100-continue` makes the server confirm it
 * has the request before the body goes out, so the request is provably in flight meanwhile.
 */
function postInTwoSteps(port: number, urlPath: string, secretKey: string, body: unknown) {
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

/** A webhook receiver that holds every request until `release()`. */
async function holdingReceiver() {
  const held: ServerResponse[] = [];
  let firstArrived: () => void;
  const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      held.push(res);
      firstArrived();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    arrived,
    received: () => held.length,
    release: () => {
      for (const res of held) res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** After the last connection closed, SQLite has checkpointed the WAL and removed it. */
function closedCleanly(databaseUrl: string): boolean {
  const file = databasePath(databaseUrl);
  return !existsSync(`${file}-wal`) && !existsSync(`${file}-shm`);
}

function integrityCheck(databaseUrl: string): string {
  const db = openDatabase(databaseUrl);
  try {
    return db.$client.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.$client.close();
  }
}

describe('npm start on SIGTERM', () => {
  it('refuses new connections, answers the request in flight, lets the worker finish its delivery, closes the database and exits 0 with nothing left running', async () => {
    assertBuilt();
    const databaseUrl = tempDatabase();
    const setup = openDatabase(databaseUrl);
    const { secretKey } = await createMerchant(setup, { name: 'Shutdown shop' });
    setup.$client.close();
    const hooks = await holdingReceiver();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const service = startService('start', { DATABASE_URL: databaseUrl, PORT: String(port) }, ['--hostname', '127.0.0.1']);
    try {
      await waitUntilServing(service, baseUrl);
      const api = (urlPath: string, body: unknown) =>
        fetch(`${baseUrl}/api/v1${urlPath}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await api('/webhook_endpoints', { url: hooks.url, enabled_events: ['payment.succeeded'] })).status).toBe(201);
      expect((await api('/payments', cardPayment())).status).toBe(201);
      // The worker is now mid-job: its delivery of payment.succeeded waits for the receiver.
      await hooks.arrived;
      const inFlight = postInTwoSteps(port, '/api/v1/payments', secretKey, cardPayment({ description: 'in flight at SIGTERM' }));
      await inFlight.accepted;

      const tree = processTree(service.child.pid!);
      expect(tree.map((proc) => proc.command).join('\n')).toMatch(/next-server/);
      service.terminate();
      await service.waitForOutput('"msg":"shutting down"');
      expect(await refusesConnections(port)).toBe(true);

      const answered = await inFlight.sendBody();
      expect(answered.status).toBe(201);
      expect(answered.body).toMatchObject({ object: 'payment', status: 'success', description: 'in flight at SIGTERM' });
      hooks.release();

      const exit = await service.exited;
      expect(exit, service.output()).toMatchObject({ code: 0, signal: null });
      expect(exit.afterSignalMs).toBeLessThan(DEFAULT_BOUND_MS);
      console.log(`npm start stopped ${Math.round(exit.afterSignalMs)} ms after SIGTERM`);
      expect(service.output()).toContain('"msg":"shut down cleanly"');
      expect(stillRunning(tree)).toEqual([]);
      expect(await refusesConnections(port)).toBe(true);

      expect(closedCleanly(databaseUrl)).toBe(true);
      expect(integrityCheck(databaseUrl)).toBe('ok');
      const db = openDatabase(databaseUrl);
      try {
        const [stored] = await db.select().from(payments).where(eq(payments.id, answered.body.id));
        expect(stored.status).toBe('success');
        // The delivery in hand when the signal came was finished and recorded; the in-flight
        // payment's own delivery was left for the next start: the worker took no new job.
        const deliveries = await db.select().from(webhookDeliveries);
        const byStatus = new Map(deliveries.map((d) => [d.status, d]));
        expect(deliveries).toHaveLength(2);
        expect(byStatus.get('succeeded')).toBeDefined();
        expect(byStatus.get('pending')).toBeDefined();
        const attempts = await db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, byStatus.get('succeeded')!.id));
        expect(attempts).toMatchObject([{ statusCode: 200 }]);
        expect(hooks.received()).toBe(1);
      } finally {
        db.$client.close();
      }
    } finally {
      await hooks.close();
    }
  });

  it('gives up on a request that never finishes after TILLPOINT_SHUTDOWN_SECONDS, closes the database and exits 1', async () => {
    assertBuilt();
    const databaseUrl = tempDatabase();
    const setup = openDatabase(databaseUrl);
    const { secretKey } = await createMerchant(setup, { name: 'Stuck client shop' });
    setup.$client.close();
    const port = await freePort();
    const service = startService('start', { DATABASE_URL: databaseUrl, PORT: String(port), TILLPOINT_SHUTDOWN_SECONDS: '2' }, ['--hostname', '127.0.0.1']);
    await waitUntilServing(service, `http://127.0.0.1:${port}`);
    // The client announces a body and never sends it.
    const stuck = postInTwoSteps(port, '/api/v1/payments', secretKey, cardPayment());
    await stuck.accepted;
    const outcome = stuck.response.then(() => 'answered', () => 'cut off');
    const tree = processTree(service.child.pid!);
    service.terminate();
    const exit = await service.exited;
    expect(await outcome).toBe('cut off');
    expect(exit, service.output()).toMatchObject({ code: 1, signal: null });
    expect(exit.afterSignalMs).toBeGreaterThanOrEqual(2000);
    expect(exit.afterSignalMs).toBeLessThan(DEFAULT_BOUND_MS);
    console.log(`npm start with a stuck request stopped ${Math.round(exit.afterSignalMs)} ms after SIGTERM (bound 2 s)`);
    expect(service.output()).toContain('"msg":"shut down with work cut off"');
    expect(stillRunning(tree)).toEqual([]);
    expect(await refusesConnections(port)).toBe(true);
    expect(closedCleanly(databaseUrl)).toBe(true);
    expect(integrityCheck(databaseUrl)).toBe('ok');
  });

  it('stops when nobody reads its output any more (a log reader that went away cannot hold the exit up)', async () => {
    assertBuilt();
    const databaseUrl = tempDatabase();
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const service = startService('start', { DATABASE_URL: databaseUrl, PORT: String(port) }, ['--hostname', '127.0.0.1']);
    await waitUntilServing(service, baseUrl);
    service.child.stdout!.destroy();
    service.child.stderr!.destroy();
    // Answered, and logged into the broken pipe.
    expect((await fetch(`${baseUrl}/api/v1/payments`)).status).toBe(401);
    const tree = processTree(service.child.pid!);
    service.terminate();
    const exit = await service.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.afterSignalMs).toBeLessThan(DEFAULT_BOUND_MS);
    expect(stillRunning(tree)).toEqual([]);
    expect(await refusesConnections(port)).toBe(true);
    expect(closedCleanly(databaseUrl)).toBe(true);
  });
});

describe('npm run demo on SIGTERM', () => {
  it('stops the server it started and exits 0', async () => {
    assertBuilt();
    const databaseUrl = tempDatabase();
    // A demo database from an earlier run (the demo's own owner and seeding, one day instead
    // of sixty), so the demo reuses it instead of seeding for a minute.
    const setup = openDatabase(databaseUrl);
    const { merchantId } = await createMerchant(setup, { name: 'Demo Coffee Roasters', owner: { email: 'demo@tillpoint.test', password: 'tillpoint-demo' } });
    await seedDemoHistory(setup, merchantId, { days: 1 });
    setup.$client.close();
    const port = await freePort();
    const service = startService('demo', { DATABASE_URL: databaseUrl, PORT: String(port) });
    await service.waitForOutput('Tillpoint demo is running');
    expect(service.output()).toContain('Reusing the demo merchant');
    const tree = processTree(service.child.pid!);
    expect(tree.map((proc) => proc.command).join('\n')).toMatch(/next-server/);
    service.terminate();
    const exit = await service.exited;
    expect(exit, service.output()).toMatchObject({ code: 0, signal: null });
    expect(exit.afterSignalMs).toBeLessThan(DEFAULT_BOUND_MS);
    console.log(`npm run demo stopped ${Math.round(exit.afterSignalMs)} ms after SIGTERM`);
    expect(stillRunning(tree)).toEqual([]);
    expect(await refusesConnections(port)).toBe(true);
    expect(closedCleanly(databaseUrl)).toBe(true);
  });
});

describe('npm run worker on SIGTERM', () => {
  it('finishes the delivery in hand, takes no new one, closes the database and exits 0', async () => {
    const databaseUrl = tempDatabase();
    const hooks = await holdingReceiver();
    try {
      const setup = openDatabase(databaseUrl);
      const { merchantId } = await createMerchant(setup, { name: 'Worker shop' });
      // The receiver is on 127.0.0.1, as the worker's own environment (TEST_ENV) allows.
      vi.stubEnv('TILLPOINT_WEBHOOK_ALLOW_PRIVATE', '1');
      await createEndpoint(setup, merchantId, { url: hooks.url, enabled_events: ['*'] });
      await transaction(setup, (tx) => emitEvent(tx, merchantId, 'payment.succeeded', { id: 'pay_first' }, Date.now()));
      setup.$client.close();

      // The endpoint's signing secret was sealed here, with this process's TILLPOINT_SECRET.
      const service = startService('worker', { DATABASE_URL: databaseUrl, TILLPOINT_SECRET: process.env.TILLPOINT_SECRET! });
      await hooks.arrived;
      const tree = processTree(service.child.pid!);
      service.terminate();
      await service.waitForOutput('"msg":"shutting down"');
      // Work that comes due now is for the next start.
      const late = openDatabase(databaseUrl);
      await transaction(late, (tx) => emitEvent(tx, merchantId, 'payment.succeeded', { id: 'pay_late' }, Date.now()));
      late.$client.close();
      hooks.release();

      const exit = await service.exited;
      expect(exit, service.output()).toMatchObject({ code: 0, signal: null });
      expect(exit.afterSignalMs).toBeLessThan(DEFAULT_BOUND_MS);
      console.log(`npm run worker stopped ${Math.round(exit.afterSignalMs)} ms after SIGTERM`);
      expect(stillRunning(tree)).toEqual([]);
      expect(closedCleanly(databaseUrl)).toBe(true);
      const db = openDatabase(databaseUrl);
      try {
        const statuses = (await db.select({ status: webhookDeliveries.status }).from(webhookDeliveries)).map((d) => d.status).sort();
        expect(statuses).toEqual(['pending', 'succeeded']);
        expect(db.get<{ n: number }>(sql`SELECT count(*) AS n FROM webhook_attempts`).n).toBe(1);
        expect(hooks.received()).toBe(1);
      } finally {
        db.$client.close();
      }
    } finally {
      await hooks.close();
    }
  });
});
