import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Two projects, split by folder so a new test file lands in the right one without editing this:
// - `unit`: every test under lib/, db/ and scripts/. In-process on temporary SQLite files (and
//   real child processes where a script is under test); no server, no build. A test that needs
//   the production server belongs under tests/.
// - `api`: every test under tests/, against the real production server that
//   tests/global-setup.ts starts (it needs `npm run build` first). Every /api/v1 answer a test
//   receives is checked against the OpenAPI document (tests/openapi-conformance.ts).
// TEST_DATABASE=postgres: the api project's test processes (and the servers they start) build
// the schema for PostgreSQL (db/dialect.ts); `npm run test:api:postgres` sets it.
// Databases a run creates carry its id, so its teardown drops exactly those (tests/test-db.ts).
if (process.env.TEST_DATABASE === 'postgres') {
  process.env.TILLPOINT_SCHEMA_DIALECT = 'postgresql';
  process.env.TILLPOINT_TEST_RUN ??= `${process.pid}${Date.now().toString(36)}`;
}

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Quiet in-process logs; the API suite's server logs to a file (tests/global-setup.ts).
    // scrypt at 2^14 instead of 2^17 for the users tests create (tests/security-sign-in.test.ts
    // runs a server at the production cost).
    env: { TILLPOINT_SECRET: 'test-secret-for-unit-tests', TILLPOINT_LOG_LEVEL: 'silent', TILLPOINT_PASSWORD_HASH_COST: '14' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'db/**/*.test.ts', 'scripts/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'api', include: ['tests/**/*.test.ts'], globalSetup: ['tests/global-setup.ts'], setupFiles: ['tests/openapi-conformance.ts'] },
      },
    ],
  },
});
