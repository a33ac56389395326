import type { Page } from '@playwright/test';
import { apiAs, createShop, expect, signIn, test, type Shop } from './fixtures';

const card = (number: string) => ({ number, exp_month: 12, exp_year: 2099, cvc: '123' });

let shop: Shop;
let runTag = 0;

test.beforeAll(async () => {
  shop = await createShop('Payments Coffee');
});

/** A payment made through the API, as an integration would make it. */
async function paymentViaApi(page: Page, body: Record<string, unknown>): Promise<{ id: string; status: string }> {
  const { status, body: payment } = await apiAs(page, shop, 'POST', '/payments', {
    currency: 'usd',
    method: 'credit_card',
    payment_details: card('5555555555554444'),
    ...body,
  });
  expect(status, JSON.stringify(payment)).toBe(201);
  return payment;
}

/** The value shown beside a label in the Amounts card ("Refunded" → "$30.00"). */
function amountShown(page: Page, label: string) {
  return page.locator(`xpath=//dl[@aria-label="Amounts"]//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);
}

async function expectAmounts(page: Page, expected: Record<string, string>) {
  for (const [label, value] of Object.entries(expected)) await expect(amountShown(page, label)).toHaveText(value);
}

test('an owner creates a successful and a declined card payment from the form', async ({ page }) => {
  await signIn(page, shop.emails.owner);
  await page.goto('/payments/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New test payment' })).toBeVisible();

  await page.getByLabel('Amount').fill('42.50');
  await page.getByLabel('Description').fill('E2E flat white');
  await expect(page.getByLabel('Test input')).toHaveValue('0');
  await expect(page.getByLabel('Card number')).toHaveValue('4242424242424242');
  await page.getByRole('button', { name: 'Create payment' }).click();

  const result = page.getByRole('article', { name: 'Created payment' });
  await expect(result.getByText('Succeeded')).toBeVisible();
  await expect(result).toContainText('$42.50');
  await expect(result).toContainText('Visa');
  await expect(result.getByRole('link', { name: /^pay_/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/payment-new-success.png', fullPage: true });

  await page.getByLabel('Test input').selectOption({ label: 'Declined (card_declined)' });
  await expect(page.getByLabel('Card number')).toHaveValue('4000000000000002');
  await page.getByRole('button', { name: 'Create payment' }).click();
  await expect(result.getByText('Failed', { exact: true })).toBeVisible();
  await expect(result).toContainText('Your card was declined.');
  await expect(result).toContainText('card_declined');
  // The successful one stays listed below the newest result.
  await expect(page.getByRole('heading', { name: 'Earlier' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/payment-new-declined.png', fullPage: true });

  // An invalid card never becomes a payment: the API's error points at the field.
  await page.getByLabel('Card number').fill('4242424242424241');
  await expect(page.getByLabel('Test input')).toHaveValue('custom');
  await page.getByRole('button', { name: 'Create payment' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The payment was not created.' })).toBeVisible();
  await expect(page.getByLabel('Card number')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Card number')).toHaveAccessibleDescription(/not a valid card number/);
  await expect(page.getByLabel('Card number')).toBeFocused();

  // The result links to the payment's page.
  await result.getByRole('link', { name: /^pay_/ }).click();
  await expect(page).toHaveURL(/\/payments\/pay_/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('$42.50');
  await expect(page.getByText('Payment failed.')).toBeVisible();
});

test('find a payment by search, open it, refund part of it and then the rest', async ({ page }) => {
  const customer = `cus_search_${Date.now().toString(36)}${runTag++}`;
  const payment = await paymentViaApi(page, { amount: '80.00', customer_id: customer, description: 'Espresso machine' });
  await paymentViaApi(page, { amount: '12.00', customer_id: 'cus_someone_else', description: 'Beans' });

  await signIn(page, shop.emails.owner);
  await page.goto('/payments');
  const table = page.getByRole('table', { name: 'Payments' });
  await expect(table.getByRole('row')).not.toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/payments-list.png', fullPage: true });

  await page.getByLabel('Search').fill(customer);
  await expect(page).toHaveURL(new RegExp(`q=${customer}`));
  await expect(table.getByRole('row')).toHaveCount(2); // the header and the one match
  await expect(table).toContainText('$80.00');
  await expect(table).toContainText('Mastercard');
  await table.getByRole('link', { name: payment.id }).click();

  await expect(page).toHaveURL(`/payments/${payment.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('$80.00');
  // Net is what the payment leaves the merchant: captured − refunds − Tillpoint's fee (2.9% + $0.30).
  await expectAmounts(page, { Captured: '$80.00', Refunded: '$0.00', Fee: '$2.62', Net: '$77.38' });
  await expect(page.getByRole('list', { name: 'Payment timeline' })).toContainText('Captured $80.00');

  // Part of it.
  await page.getByRole('button', { name: 'Refund' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund payment' });
  await expect(dialog.getByLabel('Amount (USD)')).toHaveValue('80.00');
  await dialog.getByLabel('Amount (USD)').fill('30');
  await dialog.getByLabel('Reason').selectOption({ label: 'Duplicate' });
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await expect(dialog).toContainText("Refund $30.00 to the customer's Mastercard •••• 4444?");
  await expect(dialog.getByText('Still refundable after')).toBeVisible();
  await expect(dialog).toContainText('$50.00');
  await page.screenshot({ path: 'test-results/screenshots/refund-confirm.png' });
  await dialog.getByRole('button', { name: 'Refund $30.00' }).click();
  await expect(dialog.getByRole('status')).toHaveText(/Refunded \$30\.00\./);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  await expectAmounts(page, { Captured: '$80.00', Refunded: '$30.00', Fee: '$2.62', Net: '$47.38' });
  await expect(page.locator('header').getByText('Partial refund')).toBeVisible();

  // More than remains is refused before anything is sent.
  await page.getByRole('button', { name: 'Refund' }).click();
  await expect(dialog.getByLabel('Amount (USD)')).toHaveValue('50.00');
  await expect(dialog).toContainText('Up to $50.00');
  await dialog.getByLabel('Amount (USD)').fill('60.00');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await expect(dialog.getByText('The amount can be at most $50.00.')).toBeVisible();

  // The rest.
  await dialog.getByLabel('Amount (USD)').fill('50.00');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await dialog.getByRole('button', { name: 'Refund $50.00' }).click();
  await expect(dialog.getByRole('status')).toHaveText(/Refunded \$50\.00\./);
  await dialog.getByRole('button', { name: 'Done' }).click();
  // The default policy keeps the fee when a payment is refunded.
  await expectAmounts(page, { Captured: '$80.00', Refunded: '$80.00', Fee: '$2.62', Net: '-$2.62' });
  await expect(page.locator('header').getByText('Refunded', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refund' })).toHaveCount(0);
  const refunds = page.getByRole('list', { name: 'Refunds' }).getByRole('listitem');
  await expect(refunds).toHaveCount(2);
  await expect(refunds.first()).toContainText('$30.00');
  await expect(refunds.first()).toContainText('Duplicate');
  await page.screenshot({ path: 'test-results/screenshots/payment-detail.png', fullPage: true });
});

test('amounts show their currency’s ISO decimals (HUF, ISK, JPY, BHD) and a HUF refund keeps its fillér', async ({ page }) => {
  const customer = `cus_iso_${Date.now().toString(36)}${runTag++}`;
  const huf = await paymentViaApi(page, { amount: '1234.50', currency: 'huf', customer_id: customer });
  await paymentViaApi(page, { amount: '1235', currency: 'isk', customer_id: customer });
  await paymentViaApi(page, { amount: '1000', currency: 'jpy', customer_id: customer });
  await paymentViaApi(page, { amount: '1.005', currency: 'bhd', customer_id: customer });

  await signIn(page, shop.emails.owner);
  await page.goto(`/payments?q=${customer}`);
  const table = page.getByRole('table', { name: 'Payments' });
  await expect(table.getByRole('row')).toHaveCount(5);
  // Intl on its own would round HUF to "HUF 1,235": ISO gives the forint two decimals.
  await expect(table).toContainText(/HUF\s1,234\.50/);
  await expect(table).toContainText(/ISK\s1,235/);
  await expect(table).toContainText('¥1,000');
  await expect(table).toContainText(/BHD\s1\.005/);

  await table.getByRole('link', { name: huf.id }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/HUF\s1,234\.50/);
  await page.getByRole('button', { name: 'Refund' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund payment' });
  await expect(dialog.getByLabel('Amount (HUF)')).toHaveValue('1234.50');
  await dialog.getByLabel('Amount (HUF)').fill('0.505');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await expect(dialog.getByText('HUF amounts have at most 2 decimal places.')).toBeVisible();
  await dialog.getByLabel('Amount (HUF)').fill('0.5');
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await expect(dialog).toContainText(/Still refundable after\s*HUF\s1,234\.00/);
  await dialog.getByRole('button', { name: /^Refund HUF\s0\.50$/ }).click();
  await expect(dialog.getByRole('status')).toHaveText(/Refunded HUF\s0\.50\./);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(amountShown(page, 'Refunded')).toHaveText(/HUF\s0\.50/);
  // Net = 1,234.50 − 0.50 refunded − the HUF 36.10 fee (2.9% + 0.30).
  await expect(amountShown(page, 'Fee')).toHaveText(/HUF\s36\.10/);
  await expect(amountShown(page, 'Net')).toHaveText(/HUF\s1,197\.90/);
});

test('a support user can refund', async ({ page }) => {
  const payment = await paymentViaApi(page, { amount: '19.99', description: 'Pour-over kit' });
  await signIn(page, shop.emails.support);
  await page.goto(`/payments/${payment.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('$19.99');

  await page.getByRole('button', { name: 'Refund' }).click();
  const dialog = page.getByRole('dialog', { name: 'Refund payment' });
  await dialog.getByRole('button', { name: 'Review refund' }).click();
  await dialog.getByRole('button', { name: 'Refund $19.99' }).click();
  await expect(dialog.getByRole('status')).toHaveText(/Refunded \$19\.99\./);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expectAmounts(page, { Refunded: '$19.99', Fee: '$0.88', Net: '-$0.88' });
  // Support staff refund, but do not make payments.
  await expect(page.getByRole('link', { name: 'New test payment' })).toHaveCount(0);
});

test('a viewer sees payments but cannot refund or create them', async ({ page }) => {
  const payment = await paymentViaApi(page, { amount: '7.25', description: 'Cortado' });
  await signIn(page, shop.emails.viewer);
  await page.goto(`/payments/${payment.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('$7.25');
  await expect(page.getByText('Succeeded').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refund' })).toHaveCount(0);

  await page.goto('/payments/new');
  await expect(page.getByText('Your role cannot create payments')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create payment' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/payment-new-viewer.png' });
});

test('an owner captures part of an authorized payment', async ({ page }) => {
  const payment = await paymentViaApi(page, { amount: '120.00', capture: false, description: 'Catering deposit' });
  expect(payment.status).toBe('requires_capture');
  await signIn(page, shop.emails.owner);
  await page.goto(`/payments/${payment.id}`);
  await expect(page.locator('header').getByText('Uncaptured')).toBeVisible();
  await expectAmounts(page, { Authorized: '$120.00', Refunded: '$0.00', Fee: '$0.00', Net: '$0.00' });
  await expect(page.getByRole('button', { name: 'Refund' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Capture' }).click();
  const dialog = page.getByRole('dialog', { name: 'Capture payment' });
  await expect(dialog.getByLabel('Amount to capture (USD)')).toHaveValue('120.00');
  await dialog.getByLabel('Amount to capture (USD)').fill('100.00');
  await expect(dialog).toContainText('$20.00 will be released.');
  await dialog.getByRole('button', { name: 'Capture $100.00' }).click();
  await expect(dialog.getByRole('status').first()).toHaveText('Captured $100.00.');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await expect(page.locator('header').getByText('Succeeded', { exact: true })).toBeVisible();
  await expectAmounts(page, { Captured: '$100.00', Fee: '$3.20', Net: '$96.80' });
  await expect(page.getByRole('button', { name: 'Refund' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Capture' })).toHaveCount(0);
});

test('an owner cancels an authorized payment', async ({ page }) => {
  const payment = await paymentViaApi(page, { amount: '64.00', capture: false, description: 'Grinder hold' });
  await signIn(page, shop.emails.owner);
  await page.goto(`/payments/${payment.id}`);
  await page.getByRole('button', { name: 'Cancel payment' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel payment' });
  await expect(dialog).toContainText('The authorization of $64.00 is released');
  await dialog.getByRole('button', { name: 'Cancel payment' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Payment of $64.00 cancelled.' })).toBeVisible();
  await expect(page.locator('header').getByText('Cancelled', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Capture' })).toHaveCount(0);
});

test('an unknown payment id shows a friendly not-found page', async ({ page }) => {
  await signIn(page, shop.emails.owner);
  await page.goto('/payments/pay_DOESNOTEXIST');
  await expect(page.getByRole('heading', { name: 'Payment not found' })).toBeVisible();
  await page.getByRole('link', { name: 'View all payments' }).click();
  await expect(page).toHaveURL('/payments');
});
