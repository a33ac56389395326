import type { Page } from '@playwright/test';
import { apiAs, createShop, expect, signIn, test, type Shop } from './fixtures';

async function cardPayment(page: Page, shop: Shop, amount: string) {
  const { status, body } = await apiAs(page, shop, 'POST', '/payments', {
    amount,
    currency: 'USD',
    method: 'credit_card',
    customer_id: `cus_${amount.replace('.', '_')}`,
    payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body as { id: string; risk: { factors: { rule: string }[] } };
}

test('a developer writes a rule, sees its syntax error inline, backtests it, creates and enables it, and it scores new payments', async ({ page }) => {
  const shop = await createShop('Risk Roasters');
  for (const amount of ['12.00', '75.00', '240.00']) await cardPayment(page, shop, amount);

  await signIn(page, shop.emails.developer);
  await page.goto('/overview');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Risk' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Risk' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Custom rules (0)' })).toBeVisible();

  await page.getByRole('button', { name: 'New rule' }).click();
  const editor = page.getByRole('form', { name: 'New rule' });
  await editor.getByLabel('Name').fill('Big basket');
  const expression = editor.getByLabel('Expression (CEL)');
  await expression.fill('amount > ');
  await editor.getByRole('button', { name: 'Backtest' }).click();
  // The API's position, shown under the editor with a caret under the column.
  const error = editor.getByRole('alert');
  await expect(error).toContainText(/Syntax error at line 1, column \d+/);
  await expect(expression).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('table', { name: 'Custom rules' })).toHaveCount(0);

  // A type error is placed too, and creating is refused the same way.
  await expression.fill('amount > "fifty"');
  await editor.getByRole('button', { name: 'Create rule' }).click();
  await expect(editor.getByRole('alert')).toContainText(/Type error at line 1, column \d+/);

  await expression.fill('amount > 50');
  await editor.getByLabel('When it matches').selectOption({ label: 'Add to the score' });
  await editor.getByLabel('Score').fill('0.25');
  await editor.getByRole('button', { name: 'Backtest' }).click();
  const result = editor.getByRole('region', { name: 'Backtest result' });
  await expect(result).toContainText('Matched 2 of the last 3 payments (66.7%)');
  await expect(result.getByRole('list', { name: 'Matches by status' })).toContainText('Succeeded2');
  await expect(editor.getByRole('alert')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/risk-backtest.png', fullPage: true });

  await editor.getByRole('button', { name: 'Create rule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created Big basket (disabled)' })).toBeVisible();
  const row = page.getByRole('table', { name: 'Custom rules' }).getByRole('row').filter({ hasText: 'Big basket' });
  await expect(row).toContainText('Disabled');
  await expect(row).toContainText('Score +0.25');
  // Disabled: a new payment is not scored by it.
  expect((await cardPayment(page, shop, '90.00')).risk.factors.map((f) => f.rule)).not.toContain('custom:Big basket');

  await page.getByRole('button', { name: 'Enable Big basket' }).click();
  await expect(row).toContainText('Enabled');
  expect((await cardPayment(page, shop, '95.00')).risk.factors.map((f) => f.rule)).toContain('custom:Big basket');

  // A change is a new version; the history keeps both.
  await page.getByRole('button', { name: 'Edit Big basket' }).click();
  const edit = page.getByRole('form', { name: 'Edit rule' });
  await edit.getByLabel('Expression (CEL)').fill('amount > 100');
  await edit.getByRole('button', { name: 'Save new version' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved Big basket as version 2' })).toBeVisible();
  await expect(row).toContainText('v2');
  await page.getByRole('button', { name: 'History of Big basket' }).click();
  const versions = page.getByRole('list', { name: 'Versions of Big basket' }).getByRole('listitem');
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toContainText('amount > 100');
  await expect(versions.last()).toContainText('amount > 50');
  await expect(versions.last()).toContainText(shop.emails.developer);
  await page.screenshot({ path: 'test-results/screenshots/risk.png', fullPage: true });
});

test('thresholds and block lists are edited on the Risk page, and a refusal says why', async ({ page }) => {
  const shop = await createShop('Threshold Tea');
  await signIn(page, shop.emails.owner);
  await page.goto('/risk');

  const thresholds = page.locator('section', { has: page.getByRole('heading', { name: 'Thresholds', exact: true }) });
  await expect(thresholds.getByLabel('Review at')).toHaveValue('0.7');
  await thresholds.getByLabel('Block at').fill('0.5');
  await thresholds.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(thresholds.getByText('block_threshold must not be below review_threshold.')).toBeVisible();
  await thresholds.getByLabel('Review at').fill('0.4');
  await thresholds.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(thresholds.getByRole('status')).toContainText('review at 0.4, block at 0.5');
  expect((await apiAs(page, shop, 'GET', '/risk/settings')).body).toMatchObject({ review_threshold: 0.4, block_threshold: 0.5 });

  const form = page.getByRole('form', { name: 'Add a list entry' });
  await form.getByLabel('List').selectOption({ label: 'Block list' });
  await form.getByLabel('Kind').selectOption({ label: 'Email' });
  await form.getByLabel('Value').fill('Fraud@Example.test');
  await form.getByLabel('Reason (optional)').fill('chargebacks');
  await form.getByRole('button', { name: 'Add entry' }).click();
  const lists = page.getByRole('table', { name: 'Block and allow lists' });
  // Emails are kept lower-case: they match case-insensitively.
  await expect(lists.getByRole('row').filter({ hasText: 'fraud@example.test' })).toContainText('Block');
  await expect(page.getByRole('heading', { name: 'Block and allow lists (1)' })).toBeVisible();

  // The same value again is refused, on the field.
  await form.getByLabel('Value').fill('fraud@example.test');
  await form.getByRole('button', { name: 'Add entry' }).click();
  await expect(form.getByText(/already on the block list/)).toBeVisible();

  await page.getByRole('button', { name: 'Remove fraud@example.test' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove this entry?' });
  await dialog.getByRole('button', { name: 'Remove entry' }).click();
  await expect(page.getByText('No list entries yet')).toBeVisible();
});

test('support and viewers are told the Risk page is for owners and developers', async ({ page }) => {
  const shop = await createShop('Support Shop');
  await signIn(page, shop.emails.support);
  await page.goto('/risk');
  await expect(page.getByRole('heading', { name: 'You don’t have access to Risk' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Risk' })).toHaveCount(0);
});
