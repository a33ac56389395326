// Checks the configuration, starts the background worker inside the Next.js server process
// (Node runtime only), and makes SIGINT/SIGTERM stop that process cleanly: no new connections,
// open requests answered, the worker's current job finished, the database closed, exit 0 (see
// lib/shutdown).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Each request's client IP and whether it came over https are decided at the socket
  // (lib/http/client-ip.ts, lib/http/https.ts; the latter also sets HSTS).
  const { installClientIpHook } = await import('./lib/http/client-ip');
  installClientIpHook();
  const { installHttpsHook } = await import('./lib/http/https');
  installHttpsHook();
  // TRACE, and API paths with a trailing or doubled slash, which Next.js would answer itself
  // with a 500 or a 308 before proxy.ts runs (lib/http/early-answers.ts).
  const { installEarlyAnswers } = await import('./lib/http/early-answers');
  installEarlyAnswers();
  // A bad mode or a weak live secret stops the server before it serves anything.
  const { masterSecret } = await import('./lib/security/secret');
  try {
    masterSecret();
  } catch (error) {
    // Next would go on answering 500 to everything: exit with the reason instead.
    console.error((error as Error).message);
    process.exit(1);
  }
  const { assertDatabaseReachable, closeDatabase, getDb } = await import('./db/client');
  const { startWorker } = await import('./lib/worker/run-worker');
  const { onTransactionRetry } = await import('./db/postgres');
  const { log } = await import('./lib/log');
  onTransactionRetry(({ attempt, code, exhausted }) =>
    log[exhausted ? 'warn' : 'info']({ attempt, sqlstate: code }, exhausted ? 'transaction conflicts exhausted the retries' : 'transaction conflict, retrying'),
  );
  let db: ReturnType<typeof getDb>;
  try {
    // A SQLite file that cannot be opened or created, or a PostgreSQL that does not answer: one line.
    db = getDb();
    await assertDatabaseReachable(db);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const worker = process.env.TILLPOINT_WORKER === 'off' ? undefined : startWorker(db);
  // `next dev` keeps its own handler: it also has the bundler and its caches to shut down.
  if (process.env.NODE_ENV === 'development') return;
  const { trackHttpRequests } = await import('./lib/shutdown/track-http-requests');
  const { shutdownOnSignal } = await import('./lib/shutdown/shutdown-on-signal');
  const requests = trackHttpRequests();
  shutdownOnSignal({
    drain: async () => {
      requests.stopAccepting();
      await worker?.stop();
      // After the worker: a request that came in on a kept-alive connection meanwhile is waited for too.
      await requests.idle();
    },
    close: () => void closeDatabase(db),
  });
}
