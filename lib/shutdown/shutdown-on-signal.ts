import { log } from '@/lib/log';

export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** How long a shutdown may wait for open requests and the worker's current job. */
export function shutdownTimeoutMs(): number {
  const seconds = Number(process.env.TILLPOINT_SHUTDOWN_SECONDS ?? 10);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 10_000;
}

export type Shutdown = {
  /** Stops taking work and resolves when the work in hand is done. */
  drain: () => Promise<void>;
  /** Releases what the process holds (the database); runs after `drain` or the timeout. */
  close: () => void;
};

/**
 * Makes SIGINT and SIGTERM stop the process cleanly: `drain`, bounded by `timeoutMs`, then
 * `close`, then exit 0 (1 when the bound cut work off). It replaces any handler already
 * installed: `next start` has its own, which waits for open requests without a bound and exits
 * 143 while the worker may still be mid-job. A repeated signal changes nothing: a terminal's
 * Ctrl-C reaches every process of the group, so the server hears it from the shell and again
 * from `npm start`.
 */
export function shutdownOnSignal({ drain, close }: Shutdown, timeoutMs = shutdownTimeoutMs()): void {
  let started = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    const begun = performance.now();
    const finish = (outcome: 'drained' | 'failed' | 'timed out') => {
      clearTimeout(timer);
      try {
        close();
        const ms = Math.round(performance.now() - begun);
        if (outcome === 'drained') log.info({ ms }, 'shut down cleanly');
        else log.warn({ ms, timeout_ms: timeoutMs, outcome }, 'shut down with work cut off');
      } finally {
        process.exit(outcome === 'drained' ? 0 : 1);
      }
    };
    // First the bound, so that nothing below can keep the process from exiting.
    const timer = setTimeout(() => finish('timed out'), timeoutMs);
    drain().then(
      () => finish('drained'),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown: draining failed');
        finish('failed');
      },
    );
    // Logged after drain's synchronous start (the server's listener is closed by then), so the
    // line is a reliable sign that no new connection is taken.
    log.info({ signal, timeout_ms: timeoutMs }, 'shutting down');
  };
  for (const signal of SHUTDOWN_SIGNALS) {
    process.removeAllListeners(signal);
    process.on(signal, shutdown);
  }
}
