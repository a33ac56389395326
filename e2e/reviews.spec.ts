import type { Page } from '@playwright/test';
import { updateRiskSettings } from '../lib/risk/settings';
import { apiAs, createShop, e2eDb, expect, signIn, test, type Shop } from './fixtures';

const card = (number: string) => ({ number, exp_month: 12, exp_year: 2099, cvc: '123' });

/** Above 10,000 the large_amount rule adds 0.3: with the threshold at 0.3 that means review. */
async function heldPayment(page: Page, shop: Shop, amount: string, number: string, customer: string): Promise<string> {
  const { status, body } = await apiAs(page, shop, 'POST', '/payments', {
    amount,
    currency: 'USD',
    method: 'credit_card',
    customer_id: customer,
    payment_details: card(number),
  });
  expect(status, JSON.stringify(body)).toBe(201);
  expect(body.status).toBe('pending');
  return body.id;
}

test('support approves one held payment and rejects another with a reason', async ({ page }) => {
  const shop = await createShop('Review Roasters');
  await updateRiskSettings(e2eDb(), shop.merchantId, { review_threshold: 0.3 });
  const approveId = await heldPayment(page, shop, '12000.00', '5555555555554444', 'cus_alpha');
  const rejectId = await heldPayment(page, shop, '13000.00', '6011111111111117', 'cus_beta');

  await signIn(page, shop.emails.support);
  await page.goto('/reviews');
  await expect(page.getByRole('heading', { level: 1, name: 'Reviews' })).toBeVisible();
  await expect(page.getByRole('tab', { name: /Open/ })).toHaveAttribute('aria-selected', 'true');

  const toApprove = page.getByRole('article').filter({ hasText: approveId });
  await expect(toApprove.getByRole('heading', { name: '$12,000.00' })).toBeVisible();
  await expect(toApprove).toContainText('large_amount');
  await expect(toApprove).toContainText('Amount $12,000.00 is above $10,000');
  await expect(toApprove).toContainText('First payment from this customer.');
  await expect(toApprove.getByRole('link', { name: approveId })).toHaveAttribute('href', `/payments/${approveId}`);
  await page.screenshot({ path: 'test-results/screenshots/reviews.png', fullPage: true });

  // Approve asks first, then says what happened; the review leaves the Open tab.
  await toApprove.getByRole('button', { name: 'Approve' }).click();
  const confirm = page.getByRole('dialog', { name: 'Approve this payment?' });
  await expect(confirm).toContainText('$12,000.00');
  await confirm.getByRole('button', { name: 'Approve payment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Approved. The $12,000.00 payment succeeded.' })).toBeVisible();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('article').filter({ hasText: approveId })).toHaveCount(0);

  // Reject needs a reason.
  const toReject = page.getByRole('article').filter({ hasText: rejectId });
  await toReject.getByRole('button', { name: 'Reject' }).click();
  const reject = page.getByRole('dialog', { name: 'Reject this payment?' });
  await reject.getByRole('button', { name: 'Reject payment' }).click();
  await expect(reject.getByText('Enter a reason')).toBeVisible();
  await reject.getByLabel('Reason').fill('Card used by several customers today');
  await reject.getByRole('button', { name: 'Reject payment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Rejected. The $13,000.00 payment was cancelled' })).toBeVisible();
  await expect(page.getByText('No payments waiting for review')).toBeVisible();

  // Both decisions are filed under their tabs, with who made them.
  await page.getByRole('tab', { name: 'Rejected' }).click();
  const rejected = page.getByRole('article').filter({ hasText: rejectId });
  await expect(rejected).toContainText(`Rejected by ${shop.emails.support}`);
  await expect(rejected).toContainText('Card used by several customers today');
  await expect(rejected.getByText('Cancelled')).toBeVisible();
  await page.getByRole('tab', { name: 'Approved' }).click();
  await expect(page.getByRole('article').filter({ hasText: approveId })).toContainText(`Approved by ${shop.emails.support}`);
  await page.screenshot({ path: 'test-results/screenshots/reviews-approved.png', fullPage: true });

  // The approved payment went through the processor and succeeded.
  await page.getByRole('article').filter({ hasText: approveId }).getByRole('link', { name: approveId }).click();
  await expect(page).toHaveURL(new RegExp(`/payments/${approveId}$`));
  await expect(page.getByText('Succeeded', { exact: true }).first()).toBeVisible();
  await expect(page.getByText('$12,000.00').first()).toBeVisible();
});

test('tabs work from the keyboard', async ({ page }) => {
  const shop = await createShop('Keyboard Roasters');
  await signIn(page, shop.emails.owner);
  await page.goto('/reviews');
  await expect(page.getByText('No payments waiting for review')).toBeVisible();
  await page.getByRole('tab', { name: 'Open' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Approved' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Approved' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('No approved reviews yet')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Rejected' })).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/status=rejected/);
});
