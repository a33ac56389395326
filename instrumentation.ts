// Node runtime only: decides each request's client IP at the socket (lib/http/client-ip.ts), and
// starts the background worker inside the Next.js server process.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { installClientIpHook } = await import('./lib/http/client-ip');
  installClientIpHook();
  if (process.env.TILLPOINT_WORKER === 'off') return;
  const { getDb } = await import('./db/client');
  const { startWorker } = await import('./lib/worker/run-worker');
  startWorker(getDb());
}
