import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { SHUTDOWN_SIGNALS } from '@/lib/shutdown/shutdown-on-signal';
import { say } from './start-up';

export const NEXT_BIN = 'node_modules/next/dist/bin/next';

/**
 * Runs the production server (`next start`) as a child of this process, which a process
 * manager sees as the service: SIGINT and SIGTERM sent here go to the server, which drains and
 * exits (instrumentation.ts), and this process then exits with the server's status. Nothing is
 * left running. A stop asked for by a signal ends with one line saying how it went.
 */
export function runNextServer(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [NEXT_BIN, 'start', ...args], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
  });
  let stopping = false;
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, () => {
      stopping = true;
      child.kill(signal);
    });
  }
  child.on('error', (error) => {
    console.error(`Could not start the server: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    const status = code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1);
    if (stopping) say(status === 0 ? 'Tillpoint stopped' : `Tillpoint stopped with work cut off (exit ${status})`);
    process.exit(status);
  });
  return child;
}
