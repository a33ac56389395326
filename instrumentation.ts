// Starts the background worker inside the Next.js server process (Node runtime only).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.TILLPOINT_WORKER === 'off') return;
  const { getDb } = await import('./db/client');
  const { startWorker } = await import('./lib/worker/run-worker');
  startWorker(getDb());
}
