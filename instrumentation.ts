// Starts the background worker inside the Next.js server process (Node runtime only), and makes
// SIGINT/SIGTERM stop that process cleanly: no new connections, open requests answered, the
// worker's current job finished, the database closed, exit 0 (see lib/shutdown).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getDb } = await import('./db/client');
  const { startWorker } = await import('./lib/worker/run-worker');
  const db = getDb();
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
    close: () => db.$client.close(),
  });
}
