import { createShop, expect, signIn, test } from './fixtures';

test('a developer opens the API reference from Developers and reads an endpoint with its example', async ({ page }) => {
  const shop = await createShop('Reference Roasters');
  await signIn(page, shop.emails.developer);
  await page.goto('/developers');
  await page.getByRole('link', { name: 'API reference' }).click();
  // A server-rendered page of ~50 endpoints: give a loaded machine time to render it.
  await expect(page).toHaveURL(/\/developers\/api-reference$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible();
  await expect(page.getByRole('link', { name: '/api/v1/openapi.json' })).toHaveAttribute('href', '/api/v1/openapi.json');

  // Grouped by tag, each section listing its endpoints.
  const sections = page.getByRole('navigation', { name: 'API sections' });
  await expect(sections.getByRole('link', { name: 'Refunds' })).toBeVisible();
  const payments = page.getByRole('region', { name: 'Payments' });
  const create = payments.locator('details').filter({ hasText: 'Create a payment' });
  await expect(create.locator('summary')).toContainText('POST');
  await expect(create.locator('summary')).toContainText('/payments');

  // Opening it shows the body fields, the example and the responses with their error codes.
  await create.locator('summary').click();
  const body = create.getByRole('table', { name: 'Request body of POST /payments' });
  await expect(body.getByRole('row').filter({ hasText: 'amount' }).first()).toContainText('required');
  await expect(create.getByText('Example request')).toBeVisible();
  await expect(create.locator('pre').first()).toContainText('"4242424242424242"');
  await expect(create.getByText('amount_invalid')).toBeVisible();
  await expect(create.getByText('Needs the payments:create permission.')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/api-reference.png', fullPage: false });

  // An object's fields, reached from a response type.
  await create.getByRole('link', { name: 'PaymentDetail' }).first().click();
  const detail = page.locator('#schema-PaymentDetail');
  await detail.locator('summary').click();
  await expect(detail.getByRole('table', { name: 'Fields of PaymentDetail' })).toContainText('available_actions');

  // The document it renders is served, publicly.
  const doc = await page.request.get('/api/v1/openapi.json', { headers: { cookie: '' } });
  expect(doc.status()).toBe(200);
  expect((await doc.json()).openapi).toBe('3.1.0');
});
