// `npm start`: check the port and the database, apply pending migrations, then serve the
// production build on PORT and print its address. Arguments after `--` go to `next start`
// (e.g. `npm start -- --hostname 127.0.0.1`).
import { existsSync } from 'node:fs';
import { runNextServer } from './run-next-server';
import { assertPortFree, exitWithStartUpError, openMigratedDatabase, parsePort, say, serverUrl, StartUpError, waitUntilServing } from './start-up';

/** The host given to `next start` (`--hostname X`, `--hostname=X`, `-H X`), if any. */
function hostArgument(args: string[]): string | undefined {
  for (const [i, arg] of args.entries()) {
    if (arg === '--hostname' || arg === '-H') return args[i + 1];
    if (arg.startsWith('--hostname=')) return arg.slice('--hostname='.length);
  }
  return undefined;
}

async function main() {
  if (!existsSync('.next/BUILD_ID')) throw new StartUpError('No production build found. Run `npm run build` first (or `npm run demo`).');
  const args = process.argv.slice(2);
  const port = parsePort();
  const host = hostArgument(args);
  await assertPortFree(port, host);
  openMigratedDatabase().$client.close();

  const child = runNextServer(['-p', String(port), ...args]);
  const url = serverUrl(port, host);
  const probe = host && host !== '0.0.0.0' && host !== '::' ? url : `http://127.0.0.1:${port}`;
  if (await waitUntilServing(probe, child)) say(`Tillpoint is running at ${url}\n  export TILLPOINT_URL=${url}`);
}

main().catch(exitWithStartUpError);
