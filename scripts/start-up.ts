// What `npm start` and `npm run demo` check before they create or serve anything, and how they
// say what is wrong: one line naming the setting to change, exit 1, no stack trace.
import { writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { DatabaseUnavailableError, migrateDatabase, openDatabase, type Db } from '@/db/client';

/**
 * A line for the person at the terminal, written synchronously and only while someone reads:
 * console.log into a pipe whose reader went away fails later with EPIPE, and an uncaught EPIPE
 * would turn a clean stop into exit 1.
 */
export function say(text: string): void {
  try {
    writeSync(1, `${text}\n`);
  } catch {
    // Nobody is reading any more.
  }
}

/** A problem a person fixes by changing a setting; printed as one line. */
export class StartUpError extends Error {}

export function parsePort(raw = process.env.PORT ?? '3000'): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) throw new StartUpError(`PORT must be a port number (1-65535), got '${raw}'.`);
  return port;
}

/**
 * Refuses a port something else listens on, by trying to listen there as `next start` would
 * (on every address unless a host is given), before anything is created.
 */
export async function assertPortFree(port: number, host?: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartUpError(`Port ${port} is already in use: stop what is using it, or set PORT to another port.`));
      else if (error.code === 'EACCES') reject(new StartUpError(`Port ${port} needs privileges this user does not have: set PORT to a port above 1023.`));
      else reject(new StartUpError(`Cannot listen on port ${port} (${error.code ?? error.message}): set PORT to another port.`));
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** Opens DATABASE_URL and applies pending migrations; a file that cannot be used is a StartUpError. */
export function openMigratedDatabase(url?: string): Db {
  let db: Db;
  try {
    db = openDatabase(url);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) throw new StartUpError(error.message);
    throw error;
  }
  try {
    migrateDatabase(db);
  } catch (error) {
    db.$client.close();
    throw new StartUpError(`DATABASE_URL: cannot migrate the SQLite database at ${db.$client.name} (${(error as Error).message.split('\n')[0]}).`);
  }
  return db;
}

/** The address to print: localhost unless the server was told to listen on one host. */
export function serverUrl(port: number, host?: string): string {
  const shown = !host || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

export async function isServing(baseUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/api/health`)).ok;
  } catch {
    return false;
  }
}

/** Resolves once the server answers its health check; false if it exited or took too long. */
export async function waitUntilServing(baseUrl: string, child: { exitCode: number | null; signalCode: string | null }, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isServing(baseUrl))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}

/** The one way a start-up script fails: a StartUpError as its line, anything else in full. */
export function exitWithStartUpError(error: unknown): never {
  console.error(error instanceof StartUpError ? `Error: ${error.message}` : error);
  process.exit(1);
}
