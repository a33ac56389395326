import { createShop, expect, signIn, test } from './fixtures';

test('a developer creates a key, uses it, sees the call in the request log, and revokes it', async ({ page, request }) => {
  const shop = await createShop('Developer Roasters');
  await signIn(page, shop.emails.developer);
  await page.goto('/developers');
  await expect(page.getByRole('heading', { level: 1, name: 'Developers' })).toBeVisible();
  const keys = page.getByRole('table', { name: 'API keys' });
  await expect(keys.getByRole('row').filter({ hasText: 'Default key' })).toContainText('Active');

  // Create: the secret is shown once, with a warning.
  await page.getByRole('button', { name: 'Create key' }).click();
  const create = page.getByRole('dialog', { name: 'Create a secret key' });
  await create.getByLabel('Name').fill('E2E server');
  // A developer may hand out their own role or a narrower one, never owner or support.
  const role = create.getByLabel('Role');
  await expect(role).toHaveValue('developer');
  await expect(role.getByRole('option')).toHaveText(['Developer', 'Viewer']);
  await page.screenshot({ path: 'test-results/screenshots/developers-create-key.png' });
  await create.getByRole('button', { name: 'Create key' }).click();
  const saved = page.getByRole('dialog', { name: 'Save your secret key' });
  await expect(saved.getByText('This is the only time the secret is shown.')).toBeVisible();
  const secret = await saved.getByLabel('Secret key').inputValue();
  expect(secret).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
  await expect(saved.getByRole('button', { name: 'Copy' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/developers-new-key.png' });
  await saved.getByRole('button', { name: 'Done' }).click();
  await expect(saved).toBeHidden();

  const row = keys.getByRole('row').filter({ hasText: 'E2E server' });
  await expect(row).toContainText(`sk_test_…${secret.slice(-4)}`);
  await expect(row).toContainText('Active');
  await expect(row).toContainText(shop.emails.developer);
  await expect(row).toContainText('Developer');
  await expect(row).toContainText('Never');
  // Gone for good: nowhere on the page any more.
  await expect(page.locator('input[readonly]')).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);

  // Use it as an integration would.
  const made = await request.post('/api/v1/payments', {
    headers: { authorization: `Bearer ${secret}` },
    data: { amount: '12.34', currency: 'USD', method: 'credit_card', payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' } },
  });
  expect(made.status()).toBe(201);
  await page.reload();
  await expect(row).not.toContainText('Never');
  // The owner's default key is beyond a developer's role: it cannot be revoked from here.
  await expect(keys.getByRole('row').filter({ hasText: 'Default key' })).toContainText('Owner');
  await expect(page.getByRole('button', { name: 'Revoke Default key' })).toHaveCount(0);

  // The log is written in the background: refresh until the call shows up.
  const log = page.getByRole('table', { name: 'Request log' });
  const call = log.getByRole('row').filter({ hasText: 'E2E server' }).filter({ hasText: 'POST' });
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(call).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(call).toContainText('/api/v1/payments');
  await expect(call).toContainText('201');
  await page.getByLabel('Caller').selectOption('api_key');
  await expect(log.getByRole('row').filter({ hasText: shop.emails.developer })).toHaveCount(0);
  await expect(call).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/developers.png', fullPage: true });

  // Revoke, after a confirmation; the key stops working at once.
  await page.getByRole('button', { name: 'Revoke E2E server' }).click();
  const revoke = page.getByRole('dialog', { name: 'Revoke this key?' });
  await expect(revoke).toContainText(`sk_test_…${secret.slice(-4)}`);
  await revoke.getByRole('button', { name: 'Revoke key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Revoked E2E server' })).toBeVisible();
  await expect(row).toContainText('Revoked');
  await expect(page.getByRole('button', { name: 'Revoke E2E server' })).toHaveCount(0);

  const refused = await request.get('/api/v1/payments', { headers: { authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe('api_key_revoked');
});
