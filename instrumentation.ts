// Checks the configuration, then starts the background worker inside the Next.js server
// process (Node runtime only).
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // A bad mode or a weak live secret stops the server before it serves anything.
  const { masterSecret } = await import('./lib/security/secret');
  try {
    masterSecret();
  } catch (error) {
    // Next would go on answering 500 to everything: exit with the reason instead.
    console.error((error as Error).message);
    process.exit(1);
  }
  if (process.env.TILLPOINT_WORKER === 'off') return;
  const { getDb } = await import('./db/client');
  const { startWorker } = await import('./lib/worker/run-worker');
  startWorker(getDb());
}
