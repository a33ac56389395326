import type { Page } from '@playwright/test';
import { transaction } from '../db/client';
import { releaseAvailableFunds } from '../lib/settlement/balance-transactions';
import { runSettlement } from '../lib/settlement/payouts';
import { apiAs, createShop, e2eDb, expect, signIn, test } from './fixtures';

const DAY = 86_400_000;
const WIDTH = 1280;

/** What sticks out at this width: elements past the viewport's right edge, tables wider than their card. */
async function overflow(page: Page) {
  return page.evaluate((width) => {
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].slice(0, 3).join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const past = [...document.querySelectorAll('body *')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1;
      })
      .map((el) => `past the viewport: ${describe(el)}`);
    const wide = [...document.querySelectorAll('table')]
      .filter((table) => table.getBoundingClientRect().width > table.parentElement!.clientWidth + 1)
      .map((table) => `wider than its card: table "${table.getAttribute('aria-label')}" ${Math.round(table.getBoundingClientRect().width)} > ${table.parentElement!.clientWidth}`);
    return { pageWidth: document.documentElement.scrollWidth, problems: [...past, ...wide] };
  }, WIDTH);
}

test.use({ viewport: { width: WIDTH, height: 900 } });

test('at 1280 px no dashboard page is wider than the window and no table wider than its card', async ({ page }) => {
  test.setTimeout(120_000);
  const shop = await createShop('Layout Provisions & Long-Named Goods Company');
  const paid = await apiAs(page, shop, 'POST', '/payments', {
    amount: '1234567.89',
    currency: 'USD',
    method: 'credit_card',
    customer_id: 'cus_a_rather_long_customer_identifier_0001',
    customer_email: 'someone.with.a.long.address@example-merchant.test',
    description: 'A description long enough to need truncating in a narrow column of the payments table',
    payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
  });
  expect(paid.status).toBe(201);
  await apiAs(page, shop, 'POST', '/payments/' + paid.body.id + '/refunds', { amount: '100.00', reason: 'requested_by_customer' });
  await transaction(e2eDb(), (tx) => releaseAvailableFunds(tx, Date.now() + 3 * DAY));
  const [settled] = await runSettlement(e2eDb(), new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10), { merchantId: shop.merchantId, now: Date.now() + 3 * DAY });
  await apiAs(page, shop, 'POST', '/risk/rules', { name: 'Very large crypto or card payments from new customers', expression: 'amount > 5000 && customer_is_new && (method == "crypto" || method == "credit_card")', action: 'review' });
  await apiAs(page, shop, 'POST', '/risk/lists', { list: 'block', kind: 'email', value: 'a.very.long.blocked.address.for.testing@fraudulent-example.test', reason: 'chargebacks on three orders' });

  // Today's processor report, imported: a reconciliation run with its items to show.
  const auth = { authorization: `Bearer ${shop.secretKey}` };
  const report = await page.request.get(`/api/v1/test_helpers/processor_report?date=${new Date().toISOString().slice(0, 10)}`, { headers: auth });
  const imported = await page.request.post('/api/v1/reconciliation/imports?filename=layout-report.csv', {
    headers: { ...auth, 'content-type': 'text/csv' },
    data: await report.text(),
  });
  expect(imported.status()).toBe(201);
  const run = (await imported.json()) as { id: string };

  const pages = [
    '/overview',
    '/payments',
    `/payments/${paid.body.id}`,
    '/payments/new',
    '/reviews',
    '/alerts',
    '/risk',
    '/balances',
    `/balances/payouts/${settled.payoutId}`,
    '/reconciliation',
    `/reconciliation/${run.id}`,
    '/developers',
    '/developers/api-reference',
    '/team',
  ];
  await signIn(page, shop.emails.owner);
  const found: string[] = [];
  for (const path of pages) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    // Every list and card has loaded: no spinner or skeleton is announcing anything.
    await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
    const name = path === '/' ? 'root' : path.slice(1).replace(/\/(pay|po|recon)_[\w]+/, '-detail').replaceAll('/', '-');
    await page.screenshot({ path: `test-results/screenshots/1280-${name}.png`, fullPage: true });
    const { pageWidth, problems } = await overflow(page);
    if (pageWidth > WIDTH) found.push(`${path}: page is ${pageWidth} px wide`);
    found.push(...problems.map((p) => `${path}: ${p}`));
  }
  expect(found).toEqual([]);
});
