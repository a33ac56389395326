// Runs the background worker on its own, for deployments that keep it out of the web server
// (start the server with TILLPOINT_WORKER=off then). SIGINT/SIGTERM let the current job
// finish (bounded by TILLPOINT_SHUTDOWN_SECONDS), close the database and exit 0.
import { closeDatabase, getDb } from '@/db/client';
import { shutdownOnSignal } from '@/lib/shutdown/shutdown-on-signal';
import { startWorker } from '@/lib/worker/run-worker';

const db = getDb();
const worker = startWorker(db);
// The worker's timers do not hold the process open (a server must be able to exit without it).
const keepAlive = setInterval(() => undefined, 60_000);
shutdownOnSignal({
  drain: async () => {
    clearInterval(keepAlive);
    await worker.stop();
  },
  close: () => void closeDatabase(db),
});
console.log('Tillpoint worker running. Ctrl-C to stop.');
