// How `npm start` and `npm run demo` fail and stop, as a person at a terminal sees it: one line
// naming what to change, exit 1, nothing created; Ctrl-C ends with one line and exit 0.
import { existsSync, readdirSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databasePath } from '@/db/client';
import { cardPayment } from './api-client';
import { assertBuilt, freePort } from './server';
import { cleanUpServices, postInTwoSteps, startService, tempDatabaseWithMerchant, tempDirectory } from './services';

afterEach(cleanUpServices);

/** A fresh TCP connection (not fetch's kept-alive pool): is the port still taking new ones? */
function connectionOutcome(port: number): Promise<'accepted' | 'refused'> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? resolve('refused') : reject(error)));
  });
}

/** The output's lines, without blank ones. */
const lines = (output: string) => output.split('\n').filter((line) => line.trim() !== '');

// Under /proc a folder can never be created: Node's recursive mkdir used to spin there forever.
const UNUSABLE = ['/proc/tillpoint/tillpoint.db', '/proc/tillpoint.db', '/dev/null/tillpoint.db'];

describe.each(['start', 'demo'])('npm run %s', (script) => {
  it.each(UNUSABLE)('refuses DATABASE_URL=file:%s in one line, exit 1', async (file) => {
    assertBuilt();
    const service = startService(script, { DATABASE_URL: `file:${file}`, PORT: String(await freePort()) });
    const exit = await service.exited;
    expect(exit, service.output()).toMatchObject({ code: 1, signal: null });
    expect(lines(service.output())).toEqual([expect.stringMatching(/^Error: DATABASE_URL: cannot open or create the SQLite database at /)]);
    expect(service.output()).toContain(file);
  });

  it('refuses a port in use in one line naming the port and PORT, before creating anything', async () => {
    assertBuilt();
    const port = await freePort();
    const occupant: Server = createServer();
    await new Promise<void>((resolve) => occupant.listen(port, resolve));
    try {
      const dir = tempDirectory();
      const databaseUrl = `file:${path.join(dir, 'data', 'tillpoint.db')}`;
      const service = startService(script, { DATABASE_URL: databaseUrl, PORT: String(port) });
      const exit = await service.exited;
      expect(exit, service.output()).toMatchObject({ code: 1, signal: null });
      expect(lines(service.output())).toEqual([`Error: Port ${port} is already in use: stop what is using it, or set PORT to another port.`]);
      expect(existsSync(databasePath(databaseUrl))).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await new Promise((resolve) => occupant.close(resolve));
    }
  });
});

describe('npm start at a terminal', () => {
  it('prints its address, and on Ctrl-C answers the request in flight, prints "Tillpoint stopped" and exits 0', async () => {
    assertBuilt();
    const { databaseUrl, secretKey } = await tempDatabaseWithMerchant('Terminal shop');
    const port = await freePort();
    // A terminal's log format (the test's pipe would otherwise mean JSON).
    const service = startService('start', { DATABASE_URL: databaseUrl, PORT: String(port), TILLPOINT_LOG_FORMAT: 'pretty', TILLPOINT_LOG_LEVEL: '' });
    await service.waitForOutput(`export TILLPOINT_URL=http://localhost:${port}`);
    expect(service.output()).toContain(`Tillpoint is running at http://localhost:${port}`);
    const before = service.output();

    const inFlight = postInTwoSteps(port, '/api/v1/payments', secretKey, cardPayment({ description: 'in flight at Ctrl-C' }));
    await inFlight.accepted;
    // Ctrl-C: the terminal signals the whole foreground process group.
    process.kill(-service.child.pid!, 'SIGINT');
    // Stopping begins by closing the port; the request in hand is still answered.
    await expect.poll(() => connectionOutcome(port), { timeout: 10_000 }).toBe('refused');
    const answered = await inFlight.sendBody();
    expect(answered).toMatchObject({ status: 201, body: { status: 'success' } });
    const exit = await service.exited;
    expect(exit, service.output()).toMatchObject({ code: 0, signal: null });
    expect(lines(service.output().slice(before.length))).toEqual(['Tillpoint stopped']);
  });
});
