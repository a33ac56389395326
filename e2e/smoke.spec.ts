import { expect, test } from '@playwright/test';

test('the home page renders with the test inputs table', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Tillpoint' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Test inputs' });
  await expect(table).toBeVisible();
  await expect(table.getByRole('row', { name: /4242424242424242/ })).toContainText('Succeeds');
  await expect(table.getByRole('row', { name: /4000000000000002/ })).toContainText('card_declined');
  await page.screenshot({ path: 'test-results/screenshots/home.png', fullPage: true });
});

test('the API answers health checks', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.ok()).toBe(true);
  expect(await res.json()).toEqual({ status: 'ok' });
});
