// `npm start`, `npm run demo` and `npm run worker` stop cleanly on SIGTERM sent to the pid a
// process manager (systemd, Docker, Kubernetes) signals: the npm process itself.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeDatabase, databasePath, openDatabase, transaction } from '@/db/client';
import { connectionsTo, onPostgresSuite } from './test-db';
import { payments, webhookAttempts, webhookDeliveries } from '@/db/schema';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { createEndpoint } from '@/lib/webhooks/endpoints';
import { emitEvent } from '@/lib/events/events';
import { seedDemoHistory } from '@/scripts/demo/seed-history';
import { cardPayment } from './api-client';
import { assertBuilt, freePort } from './server';
import { cleanUpServices, postInTwoSteps, startService, tempDatabase, tempDatabaseWithMerchant, type Service } from './services';

const DEFAULT_BOUND_MS = 10_000;

afterEach(cleanUpServices);

/**
 * A demo database from an earlier run (the demo's own owner and seeding, one day instead of
 * sixty), so the demo reuses it instead of seeding for a minute.
 */
async function earlierDemoDatabase(): Promise<string> {
  const databaseUrl = await tempDatabase();
  const setup = openDatabase(databaseUrl);
  const { merchantId } = await createMerchant(setup, { name: 'Demo Coffee Roasters', owner: { email: 'demo@tillpoint.test', password: 'tillpoint-demo' } });
  await seedDemoHistory(setup, merchantId, { days: 1 });
  await closeDatabase(setup);
  return databaseUrl;
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

/**
 * SQLite: after the last connection closed, it has checkpointed the WAL and removed it.
 * PostgreSQL: no connection to the database is left open (the pool was ended).
 */
async function closedCleanly(databaseUrl: string): Promise<boolean> {
  if (onPostgresSuite) return (await connectionsTo(databaseUrl)) === 0;
  const file = databasePath(databaseUrl);
  return !existsSync(`${file}-wal`) && !existsSync(`${file}-shm`);
}

/** SQLite's integrity check of the file ('ok'); PostgreSQL keeps no file of ours to check. */
async function integrityCheck(databaseUrl: string): Promise<string> {
  if (onPostgresSuite) return 'ok';
  const db = openDatabase(databaseUrl);
  try {
    return db.$client.pragma('integrity_check', { simple: true }) as string;
  } finally {
    await closeDatabase(db);
  }
}

describe('npm start on SIGTERM', () => {
  it('refuses new connections, answers the request in flight, lets the worker finish its delivery, closes the database and exits 0 with nothing left running', async () => {
    assertBuilt();
    const { databaseUrl, secretKey } = await tempDatabaseWithMerchant('Shutdown shop');
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

      expect(await closedCleanly(databaseUrl)).toBe(true);
      expect(await integrityCheck(databaseUrl)).toBe('ok');
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
        await closeDatabase(db);
      }
    } finally {
      await hooks.close();
    }
  });

  it('gives up on a request that never finishes after TILLPOINT_SHUTDOWN_SECONDS, closes the database and exits 1', async () => {
    assertBuilt();
    const { databaseUrl, secretKey } = await tempDatabaseWithMerchant('Stuck client shop');
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
    expect(await closedCleanly(databaseUrl)).toBe(true);
    expect(await integrityCheck(databaseUrl)).toBe('ok');
  });

  it('stops when nobody reads its output any more (a log reader that went away cannot hold the exit up)', async () => {
    assertBuilt();
    const databaseUrl = await tempDatabase();
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
    expect(await closedCleanly(databaseUrl)).toBe(true);
  });
});

// `npm run demo` needs a SQLite file of its own (and keeps its key beside it): not on PostgreSQL.
describe.skipIf(onPostgresSuite)('npm run demo on SIGTERM', () => {
  it('stops the server it started and exits 0', async () => {
    assertBuilt();
    const databaseUrl = await earlierDemoDatabase();
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
    expect(await closedCleanly(databaseUrl)).toBe(true);
  });
});

describe('npm run worker on SIGTERM', () => {
  it('finishes the delivery in hand, takes no new one, closes the database and exits 0', async () => {
    const databaseUrl = await tempDatabase();
    const hooks = await holdingReceiver();
    try {
      const setup = openDatabase(databaseUrl);
      const { merchantId } = await createMerchant(setup, { name: 'Worker shop' });
      // The receiver is on 127.0.0.1, as the worker's own environment (TEST_ENV) allows.
      vi.stubEnv('TILLPOINT_WEBHOOK_ALLOW_PRIVATE', '1');
      await createEndpoint(setup, merchantId, { url: hooks.url, enabled_events: ['*'] });
      await transaction(setup, (tx) => emitEvent(tx, merchantId, 'payment.succeeded', { id: 'pay_first' }, Date.now()));
      await closeDatabase(setup);

      // The endpoint's signing secret was sealed here, with this process's TILLPOINT_SECRET.
      const service = startService('worker', { DATABASE_URL: databaseUrl, TILLPOINT_SECRET: process.env.TILLPOINT_SECRET! });
      await hooks.arrived;
      const tree = processTree(service.child.pid!);
      service.terminate();
      await service.waitForOutput('"msg":"shutting down"');
      // Work that comes due now is for the next start.
      const late = openDatabase(databaseUrl);
      await transaction(late, (tx) => emitEvent(tx, merchantId, 'payment.succeeded', { id: 'pay_late' }, Date.now()));
      await closeDatabase(late);
      hooks.release();

      const exit = await service.exited;
      expect(exit, service.output()).toMatchObject({ code: 0, signal: null });
      expect(exit.afterSignalMs).toBeLessThan(DEFAULT_BOUND_MS);
      console.log(`npm run worker stopped ${Math.round(exit.afterSignalMs)} ms after SIGTERM`);
      expect(stillRunning(tree)).toEqual([]);
      expect(await closedCleanly(databaseUrl)).toBe(true);
      const db = openDatabase(databaseUrl);
      try {
        const statuses = (await db.select({ status: webhookDeliveries.status }).from(webhookDeliveries)).map((d) => d.status).sort();
        expect(statuses).toEqual(['pending', 'succeeded']);
        expect(await db.$count(webhookAttempts)).toBe(1);
        expect(hooks.received()).toBe(1);
      } finally {
        await closeDatabase(db);
      }
    } finally {
      await hooks.close();
    }
  });
});

describe.skipIf(onPostgresSuite)('npm run demo key', () => {
  it('prints the same "Demo key" on every start, and a new one only after it is revoked', async () => {
    assertBuilt();
    const databaseUrl = await earlierDemoDatabase();
    const port = await freePort();
    const startDemo = async () => {
      const service = startService('demo', { DATABASE_URL: databaseUrl, PORT: String(port) });
      await service.waitForOutput('Tillpoint demo is running');
      const secret = service.output().match(/Secret API key\s+(sk_test_\w+)/)?.[1];
      const answered = (await fetch(`http://127.0.0.1:${port}/api/v1/balance`, { headers: { authorization: `Bearer ${secret}` } })).status;
      service.terminate();
      expect((await service.exited).code, service.output()).toBe(0);
      return { secret, answered };
    };
    const demoKeys = () => {
      const db = openDatabase(databaseUrl);
      const rows = db.$client.prepare("SELECT id, revoked_at FROM api_keys WHERE name = 'Demo key'").all() as { id: string; revoked_at: number | null }[];
      db.$client.close();
      return rows;
    };

    const first = await startDemo();
    expect(first).toMatchObject({ secret: expect.stringMatching(/^sk_test_/), answered: 200 });
    const second = await startDemo();
    expect(second).toEqual(first);
    expect(demoKeys()).toEqual([{ id: expect.any(String), revoked_at: null }]);
    // The secret lives beside the database, readable only by its owner.
    const keyFile = path.join(path.dirname(databasePath(databaseUrl)), 'demo-api-key');
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(first.secret);
    expect(statSync(keyFile).mode & 0o077).toBe(0);

    const db = openDatabase(databaseUrl);
    db.$client.prepare("UPDATE api_keys SET revoked_at = ? WHERE name = 'Demo key'").run(Date.now());
    db.$client.close();
    const third = await startDemo();
    expect(third.answered).toBe(200);
    expect(third.secret).not.toBe(first.secret);
    expect(demoKeys().filter((k) => k.revoked_at === null)).toHaveLength(1);
  }, 240_000); // three demo starts, each a server start
});
