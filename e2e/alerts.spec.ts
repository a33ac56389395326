import { apiAs, createShop, expect, signIn, test } from './fixtures';

test('a raised alert shows on the Alerts page and acknowledging it updates the page', async ({ page }) => {
  const shop = await createShop('Alerting Roasters');
  const big = await apiAs(page, shop, 'POST', '/payments', {
    amount: '60000.00',
    currency: 'USD',
    method: 'credit_card',
    payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
  });
  expect(big.status).toBe(201);

  await signIn(page, shop.emails.owner);
  await page.goto('/alerts');
  await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  await expect(page.getByLabel('1 open alerts')).toBeVisible();
  const alert = page.getByRole('listitem', { name: 'Large transaction' });
  await expect(alert).toContainText(big.body.id);
  await expect(alert).toContainText('Open');
  await page.screenshot({ path: 'test-results/screenshots/alerts.png', fullPage: true });

  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(alert).toContainText('Acknowledged');
  await expect(alert).toContainText(`acknowledged by ${shop.emails.owner}`);
  await expect(alert.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await expect(page.getByLabel('1 open alerts')).toHaveCount(0);
});

test('a viewer sees alerts but cannot acknowledge them or edit rules', async ({ page }) => {
  const shop = await createShop('Viewer Roasters');
  await apiAs(page, shop, 'POST', '/payments', {
    amount: '75000.00',
    currency: 'EUR',
    method: 'credit_card',
    payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
  });
  await signIn(page, shop.emails.viewer);
  await page.goto('/alerts');
  await expect(page.getByRole('listitem', { name: 'Large transaction' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Save' })).toHaveCount(0);
});
