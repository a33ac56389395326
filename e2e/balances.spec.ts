import type { Page } from '@playwright/test';
import { transaction } from '../db/client';
import { releaseAvailableFunds } from '../lib/settlement/balance-transactions';
import { runSettlement } from '../lib/settlement/payouts';
import { apiAs, createShop, e2eDb, expect, signIn, test, type Shop } from './fixtures';

const DAY = 86_400_000;
const usd = (amount: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(amount));

async function cardPayment(page: Page, shop: Shop, amount: string, description: string): Promise<{ id: string }> {
  const { status, body } = await apiAs(page, shop, 'POST', '/payments', {
    amount,
    currency: 'USD',
    method: 'credit_card',
    description,
    payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

/** Three days on: card funds (T+2) are available. */
const releaseFunds = () => transaction(e2eDb(), (tx) => releaseAvailableFunds(tx, Date.now() + 3 * DAY));

test('a merchant follows a payment to the payout that paid it, and an owner pays out by hand', async ({ page }) => {
  const shop = await createShop('Payout Bakery');
  const settled = await cardPayment(page, shop, '120.00', 'Wedding cake');
  await releaseFunds();
  const settlementDate = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
  const [result] = await runSettlement(e2eDb(), settlementDate, { merchantId: shop.merchantId, now: Date.now() + 3 * DAY });
  expect(result.payoutId).toBeTruthy();
  // A second payment is available but not yet settled: what a manual payout can draw on.
  await cardPayment(page, shop, '40.00', 'Croissants');
  await releaseFunds();
  const balance = await apiAs(page, shop, 'GET', '/balance');
  const available: string = balance.body.available.find((b: { currency: string }) => b.currency === 'USD').amount;

  await signIn(page, shop.emails.owner);
  await page.goto('/balances');
  await expect(page.getByRole('heading', { level: 1, name: 'Balances & payouts' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'USD balance' })).toContainText(usd(available));
  const payouts = page.getByRole('table', { name: 'Payouts' });
  const automatic = payouts.getByRole('row').filter({ hasText: `Settlement ${settlementDate}` });
  await expect(automatic).toContainText('automatic');
  // Pending or already in transit: the server's worker moves payouts along on its own.
  await expect(automatic).toContainText(/Pending|In transit/);
  const transactions = page.getByRole('table', { name: 'Balance transactions' });
  await expect(transactions.getByRole('link', { name: settled.id })).toHaveAttribute('href', `/payments/${settled.id}`);
  await page.screenshot({ path: 'test-results/screenshots/balances.png', fullPage: true });

  // The payout lists the charge it paid; the charge leads back to its payment.
  await automatic.getByRole('link', { name: result.payoutId! }).click();
  await expect(page).toHaveURL(`/balances/payouts/${result.payoutId}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const contained = page.getByRole('table', { name: 'Payout transactions' });
  await expect(contained.getByRole('row').filter({ hasText: settled.id })).toContainText(usd('120.00'));
  await page.screenshot({ path: 'test-results/screenshots/payout.png', fullPage: true });
  await contained.getByRole('link', { name: settled.id }).click();
  await expect(page).toHaveURL(`/payments/${settled.id}`);

  // Above the available balance: the API says how much there is.
  await page.goto('/balances');
  await page.getByRole('button', { name: 'Pay out' }).click();
  const dialog = page.getByRole('dialog', { name: 'Pay out funds' });
  await dialog.getByLabel('Amount').fill('100000.00');
  await dialog.getByRole('button', { name: 'Review payout' }).click();
  const confirm = page.getByRole('dialog', { name: 'Confirm payout' });
  await confirm.getByRole('button', { name: `Pay out ${usd('100000.00')}` }).click();
  await expect(confirm.getByRole('alert')).toContainText(`Only ${available} USD is available for payout.`);

  // A valid amount goes through and joins the list.
  await confirm.getByRole('button', { name: 'Back' }).click();
  await dialog.getByLabel('Amount').fill('10.00');
  await dialog.getByLabel('Description').fill('Float for the till');
  await dialog.getByRole('button', { name: 'Review payout' }).click();
  await confirm.getByRole('button', { name: `Pay out ${usd('10.00')}` }).click();
  const done = page.getByRole('dialog', { name: 'Payout created' });
  await expect(done.getByRole('status')).toContainText(`of ${usd('10.00')} is pending`);
  await done.getByRole('button', { name: 'Done' }).click();
  const manual = payouts.getByRole('row').filter({ hasText: 'Float for the till' });
  await expect(manual).toContainText('manual');
  await expect(manual).toContainText(usd('10.00'));
});

test('a viewer sees balances and payouts but cannot pay out', async ({ page }) => {
  const shop = await createShop('Viewer Bakery');
  await signIn(page, shop.emails.viewer);
  await page.goto('/balances');
  await expect(page.getByRole('heading', { level: 1, name: 'Balances & payouts' })).toBeVisible();
  await expect(page.getByText('No payouts yet')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pay out' })).toHaveCount(0);
});

test('payouts are listed 20 at a time, newest first, with Load more for the rest', async ({ page }) => {
  const shop = await createShop('Many Payouts');
  await cardPayment(page, shop, '100.00', 'Big order');
  await releaseFunds();
  for (let i = 1; i <= 22; i++) {
    const made = await apiAs(page, shop, 'POST', '/payouts', { amount: '1.00', currency: 'USD', description: `Payout no. ${i}` });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  }

  await signIn(page, shop.emails.owner);
  await page.goto('/balances');
  const payouts = page.getByRole('table', { name: 'Payouts' });
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Payouts', exact: true }) });
  await expect(payouts.getByRole('row')).toHaveCount(21); // the header and 20 payouts
  await expect(payouts.getByRole('row').nth(1)).toContainText('Payout no. 22');
  await expect(section.getByText('Showing 20 payouts')).toBeVisible();

  await section.getByRole('button', { name: 'Load more' }).click();
  await expect(payouts.getByRole('row')).toHaveCount(23);
  await expect(payouts.getByRole('row').last()).toContainText('Payout no. 1');
  await expect(section.getByText('22 payouts', { exact: true })).toBeVisible();
  await expect(section.getByRole('button', { name: 'Load more' })).toHaveCount(0);
});
