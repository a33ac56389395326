import { spawnSync } from 'node:child_process';

/**
 * `npm test`: the layering lint and every suite run even when an earlier one fails, so one
 * failure never hides another's result; the exit code is non-zero if any step failed. Lint and
 * the unit suite need no build and run first; the API and browser suites run against the fresh
 * production build, and are skipped (a failure) when it did not build, rather than run against
 * a stale one.
 */
type Step = { name: string; script: string; needsBuild?: boolean };

// The API suite runs a second time on PostgreSQL when one answers (TEST_POSTGRES_URL, default
// the local cluster scripts/ci-postgres.sh sets up; .ci/run always does). Without it, the run
// says so instead of passing silently.
const postgresUp = spawnSync('pg_isready', ['-q', '-d', process.env.TEST_POSTGRES_URL ?? 'postgres://tillpoint:tillpoint@127.0.0.1:5432/tillpoint']).status === 0;

const STEPS: Step[] = [
  { name: 'lint', script: 'lint' },
  { name: 'unit', script: 'test:unit' },
  { name: 'build', script: 'build' },
  { name: 'api', script: 'test:api', needsBuild: true },
  ...(postgresUp ? [{ name: 'api (pg)', script: 'test:api:postgres', needsBuild: true }] : []),
  { name: 'browser', script: 'test:e2e', needsBuild: true },
];
if (!postgresUp) console.log('PostgreSQL is not reachable: the API suite runs on SQLite only (scripts/ci-postgres.sh sets one up).');

const results: { name: string; outcome: 'passed' | 'failed' | 'skipped (no build)'; seconds: number }[] = [];
let built = true;
for (const step of STEPS) {
  if (step.needsBuild && !built) {
    results.push({ name: step.name, outcome: 'skipped (no build)', seconds: 0 });
    continue;
  }
  console.log(`\n=== npm run ${step.script}\n`);
  const started = performance.now();
  const run = spawnSync('npm', ['run', step.script], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  const passed = run.status === 0;
  if (step.name === 'build') built = passed;
  results.push({ name: step.name, outcome: passed ? 'passed' : 'failed', seconds: (performance.now() - started) / 1000 });
}

console.log('\n=== npm test summary');
for (const r of results) console.log(`${r.name.padEnd(9)} ${r.outcome.padEnd(19)} ${r.seconds.toFixed(0)} s`);
const failed = results.filter((r) => r.outcome !== 'passed').map((r) => r.name);
console.log(failed.length ? `FAILED: ${failed.join(', ')}` : 'All passed.');
process.exit(failed.length ? 1 : 0);
