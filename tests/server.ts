import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function assertBuilt(): void {
  if (!existsSync(`${process.env.NEXT_DIST_DIR ?? '.next'}/BUILD_ID`)) {
    throw new Error('No production build found: run `npm run build` first (npm test does).');
  }
}

export type RunningServer = { baseUrl: string; process: ChildProcess; stop: () => Promise<void> };

/**
 * Starts the production server (`next start` through node, so killing it kills the server)
 * against the given database and waits until it answers.
 */
/**
 * The environment of a process a test starts: this one's, minus the suite's schema override
 * (vitest.config.mts sets it for TEST_DATABASE=postgres): a child picks its dialect from the
 * DATABASE_URL it is given, so a SQLite case in the PostgreSQL run still starts on SQLite.
 */
export const childEnv = (env: Record<string, string | undefined>): NodeJS.ProcessEnv => ({ ...process.env, TILLPOINT_SCHEMA_DIALECT: '', ...env });

/** `nodeArgs` go to node before next's (a profile: `--cpu-prof`). */
export async function startServer(env: Record<string, string>, logFile?: string, nodeArgs: string[] = []): Promise<RunningServer> {
  assertBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, 'node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    env: childEnv({ NEXT_TELEMETRY_DISABLED: '1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  if (logFile) {
    const file = createWriteStream(logFile, { flags: 'a' });
    child.stdout?.pipe(file);
    child.stderr?.pipe(file);
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited early:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Server did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { baseUrl, process: child, stop };
}
