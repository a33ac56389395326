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

test('thresholds are in the reference currency: ¥56,220 is no alert, ¥9,000,000 reads as a sentence linked to its payment', async ({ page }) => {
  const shop = await createShop('Yen Roasters');
  const pay = (amount: string) =>
    apiAs(page, shop, 'POST', '/payments', {
      amount,
      currency: 'JPY',
      method: 'credit_card',
      payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
    });
  const small = await pay('56220');
  expect(small.status).toBe(201);
  const big = await pay('9000000');
  expect(big.status).toBe(201);
  const sentence = 'Payment of ¥9,000,000 (~$60,300) is above the large-transaction threshold of $50,000';

  await signIn(page, shop.emails.owner);
  await page.goto('/overview');
  const card = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Open alerts' }) });
  await expect(card).toContainText('Large transaction');
  await expect(card).toContainText(sentence);
  await expect(card.getByRole('listitem')).toHaveCount(1);
  await card.getByRole('link', { name: 'View payment' }).click();
  await expect(page).toHaveURL(new RegExp(`/payments/${big.body.id}$`));
  await expect(page.getByText('¥9,000,000').first()).toBeVisible();
  // The risk factor says how the amount was placed and at what rate.
  await expect(page.getByText('Amount ¥9,000,000 (~$60,300 at 0.0067) is above $10,000')).toBeVisible();

  await page.goto('/alerts');
  const alerts = page.getByRole('listitem', { name: 'Large transaction' });
  await expect(alerts).toHaveCount(1);
  await expect(alerts).toContainText(sentence);
  await expect(alerts.getByRole('link', { name: `View payment ${big.body.id}` })).toHaveAttribute('href', `/payments/${big.body.id}`);
});
