// Runs the background worker on its own, for deployments that keep it out of the web server
// (start the server with TILLPOINT_WORKER=off then).
import { getDb } from '@/db/client';
import { startWorker } from '@/lib/worker/run-worker';

const worker = startWorker(getDb());
console.log('Tillpoint worker running. Ctrl-C to stop.');
const keepAlive = setInterval(() => undefined, 60_000);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    clearInterval(keepAlive);
    await worker.stop();
    process.exit(0);
  });
}
