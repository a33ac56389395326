import type { Page, Response } from '@playwright/test';
import { apiAs, createShop, expect, PASSWORD, test } from './fixtures';

declare global {
  interface Window {
    cspViolations: string[];
  }
}

/**
 * Every violation of the page's policy, two ways: the `securitypolicyviolation` event (listened
 * for from before any of the page's own scripts run) and Chromium's console report ("Refused to
 * ... because it violates the following Content Security Policy directive").
 */
async function watchCsp(page: Page): Promise<string[]> {
  const console: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) console.push(`${page.url()}: ${message.text()}`);
  });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return console;
}

const violations = (page: Page) => page.evaluate(() => window.cspViolations);

function expectPageHeaders(response: Response | null) {
  const headers = response!.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]+=*' 'strict-dynamic'/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("object-src 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  expect(headers['x-frame-options']).toBe('DENY');
}

const card = (number: string) => ({ number, exp_month: 12, exp_year: 2099, cvc: '123' });

test('every dashboard page and the sign-in page work under the CSP with no violation', async ({ page }) => {
  const shop = await createShop('CSP Roasters');
  const payment = await apiAs(page, shop, 'POST', '/payments', { amount: '42.00', currency: 'USD', method: 'credit_card', payment_details: card('4242424242424242') });
  expect(payment.status).toBe(201);
  await apiAs(page, shop, 'POST', '/payments', { amount: '9.00', currency: 'USD', method: 'credit_card', payment_details: card('4000000000000002') });
  const consoleReports = await watchCsp(page);

  // Signing in through the form needs the page's scripts: they run only if Next.js put the nonce on them.
  expectPageHeaders(await page.goto('/login?next=/overview'));
  await page.getByLabel('Email').fill(shop.emails.owner);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/overview$/);

  // The overview's charts are drawn (recharts, inline style attributes) under the policy.
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const volume = page.getByRole('img', { name: /^Gross volume per day/ });
  await expect(volume).toHaveAccessibleName(/\$42\.00 in total/);
  await expect(volume.locator('path.recharts-area-curve')).toHaveAttribute('d', /C|L/);
  await expect(page.getByRole('img', { name: /^Succeeded and failed payments per day/ }).locator('.recharts-bar-rectangle path')).toHaveCount(2);
  await expect(page.getByRole('img', { name: /^Payments by method/ }).locator('.recharts-bar-rectangle path')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screenshots/overview-under-csp.png', fullPage: true });
  expect(await violations(page)).toEqual([]);

  // A client-side navigation loads more chunks ('strict-dynamic' lets the nonced scripts load them).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payments', exact: true }).click();
  await expect(page).toHaveURL(/\/payments$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('$42.00');
  expect(await violations(page)).toEqual([]);

  const pages: [string, RegExp | string][] = [
    ['/overview', 'Overview'],
    ['/payments', 'Payments'],
    [`/payments/${payment.body.id}`, /\$42\.00/],
    ['/payments/new', 'New test payment'],
    ['/reviews', 'Reviews'],
    ['/alerts', 'Alerts'],
    ['/balances', 'Balances & payouts'],
    ['/reconciliation', 'Reconciliation'],
    ['/developers', 'Developers'],
    ['/team', 'Team'],
  ];
  for (const [path, heading] of pages) {
    expectPageHeaders(await page.goto(path));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(heading);
    expect(await violations(page), path).toEqual([]);
  }

  // The not-found page renders per request too, with the nonce.
  const missing = await page.goto('/no/such/page');
  expect(missing!.status()).toBe(404);
  expectPageHeaders(missing);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  expect(await violations(page)).toEqual([]);

  expect(consoleReports).toEqual([]);
});

test('the policy blocks script injected into a page, and the page cannot be framed', async ({ page }) => {
  const consoleReports = await watchCsp(page);
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  // Markup with an inline handler, as an injection would bring: the handler must not run.
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<img alt="" src="/no-such-image.png" onerror="document.title = \'pwned\'">');
  });
  await expect.poll(() => violations(page)).toEqual([expect.stringMatching(/^script-src-attr blocked inline/)]);
  expect(await page.title()).not.toBe('pwned');
  expect(consoleReports).toEqual([expect.stringContaining("Executing inline event handler violates the following Content Security Policy directive 'script-src")]);

  // frame-ancestors 'none': another page that frames the sign-in page gets nothing.
  const framed = page.waitForEvent('console', (message) => /frame-ancestors/.test(message.text()));
  await page.setContent(`<iframe src="${new URL('/login', page.url())}"></iframe>`);
  await framed;
});
