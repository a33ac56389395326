import type { Page } from '@playwright/test';
import { apiAs, createShop, expect, signIn, test, type Shop } from './fixtures';

const today = () => new Date().toISOString().slice(0, 10);

async function cardPayment(page: Page, shop: Shop, amount: string): Promise<{ id: string }> {
  const { status, body } = await apiAs(page, shop, 'POST', '/payments', {
    amount,
    currency: 'USD',
    method: 'credit_card',
    payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

async function importFile(page: Page, name: string, csv: string) {
  await page.getByLabel('Processor report (CSV)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Import' }).click();
}

test('an exported report reconciles with no breaks; a tampered one shows exactly its break, which the owner resolves', async ({ page }) => {
  const shop = await createShop('Reconciled Roasters');
  const first = await cardPayment(page, shop, '75.00');
  await cardPayment(page, shop, '19.99');
  const refund = await apiAs(page, shop, 'POST', `/payments/${first.id}/refunds`, { amount: '5.00' });
  expect(refund.status, JSON.stringify(refund.body)).toBe(201);

  const res = await page.request.get(`/api/v1/test_helpers/processor_report?date=${today()}`, { headers: { authorization: `Bearer ${shop.secretKey}` } });
  expect(res.status()).toBe(200);
  const csv = await res.text();
  expect(csv.trim().split('\n')).toHaveLength(4);

  await signIn(page, shop.emails.owner);
  await page.goto('/reconciliation');
  await expect(page.getByRole('heading', { level: 1, name: 'Reconciliation' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download today’s processor report' })).toHaveAttribute('href', `/api/v1/test_helpers/processor_report?date=${today()}`);
  await expect(page.getByText('No reconciliations yet')).toBeVisible();

  await importFile(page, 'clean.csv', csv);
  await expect(page.getByRole('status').filter({ hasText: 'Imported clean.csv' })).toContainText('3 lines, 3 matched, 0 breaks');
  const runs = page.getByRole('table', { name: 'Reconciliation runs' });
  await expect(runs.getByRole('row').filter({ hasText: 'clean.csv' })).toBeVisible();

  // The same file again is recognised and records nothing.
  await importFile(page, 'clean-again.csv', csv);
  await expect(page.getByRole('status').filter({ hasText: 'already imported' })).toBeVisible();
  await expect(runs.getByRole('row')).toHaveCount(2); // header + one run

  // A malformed file is refused with its bad line named.
  await importFile(page, 'broken.csv', `${csv.trimEnd()}\n${today()},ref_x,charge,abc,0.00,USD\n`);
  const importCard = page.getByRole('region', { name: 'Import a report' });
  await expect(importCard.getByRole('alert')).toContainText('line 5: amount \'abc\' is not a decimal');

  // One amount changed: exactly one amount mismatch.
  const lines = csv.trimEnd().split('\n');
  const cells = lines[1].split(',');
  const reported = cells[3];
  cells[3] = (Number(cells[3]) + 1).toFixed(2);
  lines[1] = cells.join(',');
  await importFile(page, 'tampered.csv', `${lines.join('\n')}\n`);
  const notice = importCard.getByRole('alert').filter({ hasText: 'Imported tampered.csv' });
  await expect(notice).toContainText('3 lines, 2 matched, 1 break.');
  await page.screenshot({ path: 'test-results/screenshots/reconciliation.png', fullPage: true });

  await notice.getByRole('link', { name: 'View run' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'tampered.csv' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Breaks (1)' })).toHaveAttribute('aria-selected', 'true');
  const items = page.getByRole('table', { name: 'Reconciliation items' });
  await expect(items.getByRole('row')).toHaveCount(2);
  const mismatch = items.getByRole('row', { name: 'Amount mismatch, line 2' });
  await expect(mismatch).toContainText(cells[1]);
  await expect(mismatch).toContainText('Amount $1.00');
  await expect(mismatch).toContainText(`$${reported}`);

  await mismatch.getByRole('button', { name: 'Resolve' }).click();
  const dialog = page.getByRole('dialog', { name: 'Resolve break' });
  await dialog.getByRole('button', { name: 'Resolve break' }).click();
  await expect(dialog).toContainText('Say why this break is resolved.');
  await dialog.getByLabel('Note').fill('Processor typo, confirmed with their support');
  await dialog.getByRole('button', { name: 'Resolve break' }).click();
  await expect(dialog).toBeHidden();
  await expect(mismatch).toContainText(`Resolved by ${shop.emails.owner}`);
  await expect(mismatch).toContainText('Processor typo, confirmed with their support');
  await expect(mismatch.getByRole('button', { name: 'Resolve' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/reconciliation-run.png', fullPage: true });

  await page.getByRole('tab', { name: 'Matched (2)' }).click();
  await expect(items.getByRole('row')).toHaveCount(3);
  await page.getByRole('tab', { name: 'All' }).click();
  await expect(items.getByRole('row')).toHaveCount(4);
});

test('a viewer sees runs but cannot import or resolve', async ({ page }) => {
  const shop = await createShop('Viewer Roasters');
  await signIn(page, shop.emails.viewer);
  await page.goto('/reconciliation');
  await expect(page.getByRole('heading', { level: 1, name: 'Reconciliation' })).toBeVisible();
  await expect(page.getByLabel('Processor report (CSV)')).toHaveCount(0);
  await expect(page.getByText('No reconciliations yet')).toBeVisible();
});
