import { expect, test } from '@playwright/test';

test('an anonymous visitor lands on the sign-in page', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { level: 1, name: 'Tillpoint' })).toBeVisible();
  await expect(page.getByLabel('Email')).toBeVisible();
  await expect(page.getByLabel('Password')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  // The demo's server says how to sign in.
  await expect(page.getByRole('region', { name: 'Demo logins' })).toContainText('demo@tillpoint.test / tillpoint-demo');
  // The favicon is served.
  expect((await page.request.get('/icon.svg')).headers()['content-type']).toContain('image/svg+xml');
  await page.screenshot({ path: 'test-results/screenshots/login.png', fullPage: true });
});

test('the API answers health checks', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.ok()).toBe(true);
  expect(await res.json()).toEqual({ status: 'ok' });
});
