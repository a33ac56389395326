import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiAs, createShop, expect, signIn, test } from './fixtures';

type Received = { headers: IncomingHttpHeaders; body: { id: string; type: string; data: { object: { id: string } } } };

/** A real receiver on a free local port that answers 200 and keeps what it was sent. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      try {
        received.push({ headers: req.headers, body: JSON.parse(raw) });
      } catch {
        // Not JSON: nothing to record.
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/tillpoint`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('a developer adds a webhook endpoint, sees a payment delivered, opens it, and finds the event', async ({ page }) => {
  const receiver = await startReceiver();
  try {
    const shop = await createShop('Webhook Roasters');
    await signIn(page, shop.emails.developer);
    await page.goto('/developers');
    const section = page.getByRole('region', { name: 'Webhooks', exact: true });
    await expect(section.getByText('No webhook endpoints yet')).toBeVisible();

    // Client-side validation before anything is sent.
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const add = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
    await add.getByLabel('Endpoint URL').fill('ftp://example.com/hooks');
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(add.getByText('Enter an absolute http:// or https:// URL.')).toBeVisible();
    await add.getByLabel('Selected events').check();
    await expect(add.getByRole('checkbox', { name: 'payment.succeeded' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/webhooks-add.png' });
    await add.getByLabel('All events').check();

    // Create: the signing secret is shown once, with a warning.
    await add.getByLabel('Endpoint URL').fill(receiver.url);
    await add.getByLabel('Description').fill('E2E receiver');
    await add.getByRole('button', { name: 'Add endpoint' }).click();
    const saved = page.getByRole('dialog', { name: 'Save your signing secret' });
    await expect(saved.getByText('This is the only time the signing secret is shown.')).toBeVisible();
    const secret = await saved.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expect(saved.getByRole('button', { name: 'Copy' })).toBeVisible();
    await saved.getByRole('button', { name: 'Done' }).click();
    await expect(saved).toBeHidden();
    await expect(page.getByText(secret)).toHaveCount(0);

    const endpoints = page.getByRole('table', { name: 'Webhook endpoints' });
    const row = endpoints.getByRole('row').filter({ hasText: receiver.url });
    await expect(row).toContainText('All events');
    await expect(row).toContainText('Enabled');
    await expect(row).toContainText('E2E receiver');

    // Closing the secret dialog opens the new endpoint's deliveries.
    const panel = page.getByRole('region', { name: receiver.url });
    await expect(panel.getByText('No deliveries yet')).toBeVisible();

    // A payment made through the API, as an integration would.
    const made = await apiAs(page, shop, 'POST', '/payments', {
      amount: '18.00',
      currency: 'usd',
      method: 'credit_card',
      payment_details: { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const paymentId: string = made.body.id;

    // The worker delivers in the background; the list polls while anything is pending.
    const deliveries = panel.getByRole('table', { name: 'Webhook deliveries' });
    const succeeded = deliveries.getByRole('row').filter({ hasText: 'payment.succeeded' });
    await expect(succeeded).toContainText('Succeeded', { timeout: 20_000 });
    await expect(succeeded).toContainText('200');

    // Open it: the attempt and the payload.
    await succeeded.getByRole('button', { name: 'View delivery of payment.succeeded' }).click();
    const detail = page.getByRole('dialog', { name: 'Delivery of payment.succeeded' });
    const attempts = detail.getByRole('list', { name: 'Attempts' });
    await expect(attempts.getByRole('listitem')).toHaveCount(1);
    await expect(attempts).toContainText('Attempt 1');
    await expect(attempts).toContainText('200');
    await expect(attempts).toContainText('{"received":true}');
    const payload = detail.getByLabel('Event payload');
    await expect(payload).toContainText('"type": "payment.succeeded"');
    await expect(payload).toContainText(paymentId);
    const eventId = (await detail.locator('dd').nth(1).textContent())!.trim();
    expect(eventId).toMatch(/^evt_/);
    await page.screenshot({ path: 'test-results/screenshots/webhooks-delivery.png' });

    // The receiver got that very event, signed.
    const got = receiver.received.find((r) => r.body.id === eventId);
    expect(got, JSON.stringify(receiver.received.map((r) => r.body.id))).toBeTruthy();
    expect(got!.body.type).toBe('payment.succeeded');
    expect(got!.body.data.object.id).toBe(paymentId);
    expect(String(got!.headers['tillpoint-signature'])).toMatch(/^t=\d+,v1=[0-9a-f]{64}/);

    // Resend: a second delivery of the same event arrives.
    await detail.getByRole('button', { name: 'Resend' }).click();
    await expect(detail.getByText(`Queued a new delivery of ${eventId}`)).toBeVisible();
    await detail.getByRole('button', { name: 'Close' }).click();
    await expect(detail).toBeHidden();
    await expect(deliveries.getByRole('row').filter({ hasText: 'Resent' })).toContainText('Succeeded', { timeout: 20_000 });
    await expect.poll(() => receiver.received.filter((r) => r.body.id === eventId).length).toBe(2);

    // The events list shows it; opening it shows the snapshot.
    const events = page.getByRole('table', { name: 'Events' });
    // It polls on its own: no refresh needed.
    const eventRow = events.getByRole('row').filter({ hasText: eventId });
    await expect(eventRow).toContainText('payment.succeeded', { timeout: 10_000 });
    await expect(eventRow).toContainText(paymentId);
    await page.screenshot({ path: 'test-results/screenshots/webhooks.png', fullPage: true });
    await page.getByLabel('Type', { exact: true }).selectOption('payment.succeeded');
    await expect(events.getByRole('row')).toHaveCount(2); // header + the one event
    await eventRow.getByRole('button', { name: `View event payment.succeeded ${eventId}` }).click();
    const eventDialog = page.getByRole('dialog', { name: 'Event payment.succeeded' });
    await expect(eventDialog.getByLabel('Event JSON')).toContainText(`"id": "${eventId}"`);
    await page.keyboard.press('Escape');
    await expect(eventDialog).toBeHidden();

    // Disable, roll the secret (shown once), delete.
    const toggle = panel.getByRole('switch', { name: 'Endpoint enabled' });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-checked', 'false');
    await expect(row).toContainText('Disabled');
    await toggle.click();
    await expect(row).toContainText('Enabled');

    await panel.getByRole('button', { name: 'Roll secret' }).click();
    await page.getByRole('dialog', { name: 'Roll the signing secret?' }).getByRole('button', { name: 'Roll secret' }).click();
    const rolled = page.getByRole('dialog', { name: 'Save your new signing secret' });
    const newSecret = await rolled.getByLabel('Signing secret').inputValue();
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    await rolled.getByRole('button', { name: 'Done' }).click();
    await expect(panel.getByText(/previous signing secret also signs deliveries/)).toBeVisible();

    await panel.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete this endpoint?' }).getByRole('button', { name: 'Delete endpoint' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Deleted the endpoint for ${receiver.url}` })).toBeVisible();
    await expect(section.getByText('No webhook endpoints yet')).toBeVisible();
  } finally {
    await receiver.close();
  }
});
