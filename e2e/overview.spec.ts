import type { Page } from '@playwright/test';
import { apiAs, createShop, expect, signIn, test, type Shop } from './fixtures';

const card = (number: string) => ({ number, exp_month: 12, exp_year: 2099, cvc: '123' });

async function pay(page: Page, shop: Shop, body: Record<string, unknown>): Promise<{ id: string; status: string }> {
  const { status, body: payment } = await apiAs(page, shop, 'POST', '/payments', { currency: 'USD', method: 'credit_card', ...body });
  expect(status, JSON.stringify(payment)).toBe(201);
  return payment;
}

test('the overview shows KPIs and charts that match the payments made', async ({ page }) => {
  const shop = await createShop('Overview Roasters');
  // USD: four successes worth 300.00 in total (three cards, one wallet) and one decline.
  for (const [amount, number] of [
    ['120.00', '4242424242424242'],
    ['80.50', '5555555555554444'],
    ['49.50', '6011111111111117'],
  ]) {
    expect((await pay(page, shop, { amount, payment_details: card(number) })).status).toBe('success');
  }
  expect((await pay(page, shop, { amount: '50.00', method: 'digital_wallet', payment_details: { wallet: 'apple_pay', token: 'tok_visa' } })).status).toBe('success');
  expect((await pay(page, shop, { amount: '75.00', payment_details: card('4000000000000002') })).status).toBe('failed');
  // One EUR payment, so there is a second currency to switch to.
  await pay(page, shop, { amount: '30.00', currency: 'EUR', payment_details: card('4242424242424242') });

  await signIn(page, shop.emails.owner);
  await page.goto('/overview');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();

  // The busiest currency is chosen for us.
  await expect(page.getByLabel('Currency')).toHaveValue('USD');
  await expect(page.getByLabel('Date range')).toHaveValue('30d');
  const kpi = (name: string) => page.getByRole('region', { name, exact: true });
  await expect(kpi('Gross volume')).toContainText('$300.00');
  await expect(kpi('Payments')).toContainText('5');
  await expect(kpi('Payments')).toContainText('4 succeeded · 1 failed');
  await expect(kpi('Success rate')).toContainText('80%');
  await expect(kpi('Average payment')).toContainText('$75.00');

  // Each chart is drawn with data, and says in words what it shows.
  const volume = page.getByRole('img', { name: /^Gross volume per day/ });
  await expect(volume).toHaveAccessibleName(/\$300\.00 in total/);
  await expect(volume.locator('path.recharts-area-area')).toHaveCount(1);
  await expect(volume.locator('path.recharts-area-curve')).toHaveAttribute('d', /C|L/);

  const outcomes = page.getByRole('img', { name: /^Succeeded and failed payments per day/ });
  await expect(outcomes).toHaveAccessibleName(/4 succeeded and 1 failed in total/);
  // Today's bar: a succeeded and a failed segment.
  await expect(outcomes.locator('.recharts-bar-rectangle path')).toHaveCount(2);

  const methods = page.getByRole('img', { name: /^Payments by method/ });
  await expect(methods).toHaveAccessibleName('Payments by method: Credit card 4 (80%), Digital wallet 1 (20%).');
  await expect(methods.locator('.recharts-bar-rectangle path')).toHaveCount(2);
  await expect(methods.getByText('Credit card')).toBeVisible();

  await expect(page.getByRole('heading', { name: 'Review queue' })).toBeVisible();
  await expect(page.getByText('nothing waiting for a decision')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Open alerts' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/overview.png', fullPage: true });

  // Another currency: its own numbers, in its own format; the choice is kept in the URL.
  await page.getByLabel('Currency').selectOption('EUR');
  await expect(kpi('Gross volume')).toContainText('€30.00');
  await expect(kpi('Payments')).toContainText('1');
  await expect(kpi('Success rate')).toContainText('100%');
  await expect(page).toHaveURL(/currency=EUR/);

  // A shorter range still includes today's payments.
  await page.getByLabel('Date range').selectOption('7d');
  await expect(page).toHaveURL(/range=7d/);
  await expect(kpi('Gross volume')).toContainText('€30.00');
  await expect(page.getByRole('img', { name: /^Gross volume per day/ })).toBeVisible();
});

test('a merchant with no payments sees an empty state, not empty charts', async ({ page }) => {
  const shop = await createShop('Brand New Roasters');
  await signIn(page, shop.emails.owner);
  await page.goto('/overview');
  await expect(page.getByText('No payments in the last 30 days')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Create a test payment' })).toHaveAttribute('href', '/payments/new');
  await expect(page.getByRole('img')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Review queue' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/overview-empty.png', fullPage: true });
});
