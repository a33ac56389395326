import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_DATABASE_URL = `file:./.e2e-${PORT}/tillpoint.db`;
// scrypt at 2^14, not 2^17, for the users the journeys create (fixtures) and sign in (server).
process.env.TILLPOINT_PASSWORD_HASH_COST ??= '14';

export default defineConfig({
  testDir: 'e2e',
  outputDir: `test-results`,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // A fresh database each run: Playwright starts this before any test or global setup.
    command: `rm -rf .e2e-${PORT} && npx tsx scripts/migrate.ts && node node_modules/next/dist/bin/next start -p ${PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: E2E_DATABASE_URL,
      TILLPOINT_SECRET: 'e2e-secret',
      // The journeys' fixtures and pages call the API in bursts from one address: limits out of reach.
      TILLPOINT_RATE_LIMIT_PER_KEY: '100000',
      TILLPOINT_RATE_LIMIT_PER_IP: '100000',
      // The webhook journey's receiver listens on 127.0.0.1.
      TILLPOINT_WEBHOOK_ALLOW_PRIVATE: '1',
      TILLPOINT_PASSWORD_HASH_COST: process.env.TILLPOINT_PASSWORD_HASH_COST,
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next',
      // As `npm run demo` sets it: the login page shows these credentials.
      TILLPOINT_DEMO_LOGINS: JSON.stringify([{ role: 'owner', email: 'demo@tillpoint.test', password: 'tillpoint-demo' }]),
    },
  },
});
