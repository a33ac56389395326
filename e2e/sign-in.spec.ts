import { createShop, expect, PASSWORD, test } from './fixtures';

test('signing in with the form: a wrong password is refused, the right one returns to the page asked for', async ({ page }) => {
  const shop = await createShop('Form Roasters');
  await page.goto('/payments?status=failed');
  await expect(page).toHaveURL(/\/login\?next=%2Fpayments%3Fstatus%3Dfailed$/);

  await page.getByLabel('Email').fill(shop.emails.owner);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /./ })).toHaveText('Incorrect email or password.');
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/payments\?status=failed$/); // back where they were going
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Overview');
  await expect(page.getByText(shop.emails.owner)).toBeVisible();
});

test('five wrong passwords lock the account with a clear message', async ({ page }) => {
  const shop = await createShop('Locked Roasters');
  await page.goto('/login');
  await page.getByLabel('Email').fill(shop.emails.viewer);
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Password').fill(`wrong ${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  await expect(page.getByRole('alert').filter({ hasText: /./ })).toContainText('Too many failed sign-in attempts');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /./ })).toContainText('locked for 15 more minutes');
  await expect(page).toHaveURL(/\/login/);
});
