import { updateRiskSettings } from '../lib/risk/settings';
import { apiAs, createShop, e2eDb, expect, PASSWORD, signIn, test } from './fixtures';

test('a support user has no Developers or Team link and gets a polite no-access page', async ({ page }) => {
  const shop = await createShop('Support Roasters');
  await signIn(page, shop.emails.support);
  await page.goto('/overview');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Reviews' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Developers' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Team' })).toHaveCount(0);

  await page.goto('/developers');
  await expect(page.getByRole('heading', { name: 'You don’t have access to Developers' })).toBeVisible();
  await expect(page.getByText('Your role (support)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create key' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/developers-no-access.png', fullPage: true });
  // The API refuses as well, whatever the page shows.
  const keys = await page.request.get('/api/v1/api_keys');
  expect(keys.status()).toBe(403);

  await page.goto('/team');
  await expect(page.getByRole('heading', { name: 'You don’t have access to Team' })).toBeVisible();
});

test('a viewer sees the review queue without Approve or Reject', async ({ page }) => {
  const shop = await createShop('Viewer Roasters');
  await updateRiskSettings(e2eDb(), shop.merchantId, { review_threshold: 0.3 });
  const held = await apiAs(page, shop, 'POST', '/payments', {
    amount: '11000.00',
    currency: 'USD',
    method: 'credit_card',
    payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
  });
  expect(held.body.status).toBe('pending');

  await signIn(page, shop.emails.viewer);
  await page.goto('/reviews');
  const review = page.getByRole('article').filter({ hasText: held.body.id });
  await expect(review).toContainText('$11,000.00');
  await expect(page.getByText('Your role can view the queue')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reject' })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/reviews-viewer.png', fullPage: true });
});

test('the owner adds a user on the Team page, cannot remove the last owner, and removes the user', async ({ page, request }) => {
  const shop = await createShop('Team Roasters');
  const email = `barista-${Date.now().toString(36)}@e2e.test`;
  await signIn(page, shop.emails.owner);
  await page.goto('/team');
  await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();
  const members = page.getByRole('table', { name: 'Team members' });
  await expect(members.getByRole('row')).toHaveCount(5); // header + one per role

  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Initial password').fill('short');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText('Use at least 12 characters.')).toBeVisible();
  await page.getByLabel('Initial password').fill(PASSWORD);
  await page.getByLabel('Role', { exact: true }).selectOption('support');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText(`Added ${email} as Support.`)).toBeVisible();
  await expect(page.getByLabel(`Role for ${email}`)).toHaveValue('support');
  await page.screenshot({ path: 'test-results/screenshots/team.png', fullPage: true });

  // The new person can sign in with the password they were given.
  const login = await request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);

  // The API keeps one owner; the page shows why the change did not happen.
  await page.getByLabel(`Role for ${shop.emails.owner}`).selectOption('developer');
  await expect(page.getByRole('alert').filter({ hasText: 'The account needs at least one owner.' })).toBeVisible();
  await expect(page.getByLabel(`Role for ${shop.emails.owner}`)).toHaveValue('owner');

  await page.getByLabel(`Role for ${email}`).selectOption('viewer');
  await expect(page.getByText(`${email}’s role is now Viewer.`)).toBeVisible();

  await page.getByRole('button', { name: `Remove ${email}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Remove this user?' });
  await expect(confirm).toContainText(email);
  await confirm.getByRole('button', { name: 'Remove user' }).click();
  await expect(page.getByText(`Removed ${email}.`)).toBeVisible();
  await expect(members.getByRole('row').filter({ hasText: email })).toHaveCount(0);
  await expect(page.getByRole('button', { name: `Remove ${shop.emails.owner}` })).toHaveCount(0);
});

test('signing out returns to the sign-in page and the dashboard stays closed', async ({ page }) => {
  const shop = await createShop('Sign-out Roasters');
  await signIn(page, shop.emails.owner);
  await page.goto('/overview');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/overview');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});
