import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['lib/**/*.test.ts', 'db/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Quiet in-process logs; the API suite's server logs to a file (tests/global-setup.ts).
    // scrypt at 2^14 instead of 2^17 for the users tests create (tests/security-sign-in.test.ts
    // runs a server at the production cost).
    env: { TILLPOINT_SECRET: 'test-secret-for-unit-tests', TILLPOINT_LOG_LEVEL: 'silent', TILLPOINT_PASSWORD_HASH_COST: '14' },
  },
});
