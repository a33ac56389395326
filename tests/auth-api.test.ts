import { inject } from 'vitest';
import { describe, expect, it } from 'vitest';
import { addUser } from '@/lib/merchants/team';
import { createMerchant } from '@/lib/merchants/create-merchant';
import type { Role } from '@/lib/security/permissions';
import { apiClient, cardPayment, signInAs, suiteDb } from './api-client';

let counter = 0;
const PASSWORD = 'correct horse battery';

async function teamMerchant() {
  const tag = `${Date.now()}-${counter++}`;
  const owner = `owner-${tag}@shop.test`;
  const created = await createMerchant(suiteDb(), { name: 'Team shop', owner: { email: owner, password: PASSWORD } });
  const emails = { owner } as Record<Role, string>;
  for (const role of ['developer', 'support', 'viewer'] as const) {
    emails[role] = `${role}-${tag}@shop.test`;
    await addUser(suiteDb(), created.merchantId, { email: emails[role], password: PASSWORD, role });
  }
  return { ...created, emails, api: apiClient(created.secretKey) };
}

function login(email: string, password: string) {
  return fetch(`${inject('baseUrl')}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
}

describe('sign-in', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and a CSRF cookie', async () => {
    const { emails } = await teamMerchant();
    const res = await login(emails.owner.toUpperCase(), PASSWORD);
    expect(res.status).toBe(200);
    const [session, csrf] = res.headers.getSetCookie();
    expect(session).toMatch(/^tp_session=[\w-]+\.[\w-]+\.[\w-]+; HttpOnly; Path=\/; SameSite=Lax; Max-Age=43200/);
    expect(csrf).toMatch(/^tp_csrf=[\w-]+; Path=\/; SameSite=Lax/);
    expect(csrf).not.toContain('HttpOnly');
  });

  it('refuses a wrong password and locks the account after five failures', async () => {
    const { emails } = await teamMerchant();
    for (let i = 0; i < 4; i++) {
      const res = await login(emails.viewer, 'wrong password');
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatchObject({ type: 'authentication_error', code: 'credentials_invalid' });
    }
    const fifth = await login(emails.viewer, 'wrong password');
    expect(fifth.status).toBe(429);
    const locked = await login(emails.viewer, PASSWORD);
    expect(locked.status).toBe(429);
    expect((await locked.json()).error).toMatchObject({ code: 'login_locked', message: expect.stringContaining('locked for 15 more minutes') });
    expect((await login('nobody@nowhere.test', PASSWORD)).status).toBe(401);
  });

  it('rejects a forged or missing session and state changes without the CSRF header', async () => {
    const { emails } = await teamMerchant();
    const owner = await signInAs(emails.owner, PASSWORD);
    expect((await owner.get('/payments')).status).toBe(200);

    const forged = owner.cookie.replace(/tp_session=([\w-]+)\.([\w-]+)\.([\w-]+)/, 'tp_session=$1.$2.AAAA$3');
    expect((await apiClient(null).request('GET', '/payments', undefined, { cookie: forged })).status).toBe(401);

    const noCsrf = await apiClient(null).request('POST', '/payments', cardPayment(), { cookie: owner.cookie });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('csrf_token_invalid');
    expect((await owner.get('/payments')).body.data).toEqual([]);
    expect((await owner.post('/payments', cardPayment())).status).toBe(201);
  });
});

describe('roles', () => {
  it('lets support refund but not see API keys; a viewer can only read', async () => {
    const { emails, api } = await teamMerchant();
    const paid = await api.post('/payments', cardPayment({ amount: '40.00' }));

    const support = await signInAs(emails.support, PASSWORD);
    expect((await support.post(`/payments/${paid.body.id}/refunds`, { amount: '10.00' })).status).toBe(201);
    const keys = await support.get('/api_keys');
    expect(keys.status).toBe(403);
    expect(keys.body.error).toMatchObject({ type: 'permission_error', code: 'permission_denied' });
    expect((await support.post('/payments', cardPayment())).status).toBe(403);

    const viewer = await signInAs(emails.viewer, PASSWORD);
    expect((await viewer.get(`/payments/${paid.body.id}`)).body.amount_refunded).toBe('10.00');
    const refund = await viewer.post(`/payments/${paid.body.id}/refunds`, { amount: '1.00' });
    expect(refund.status).toBe(403);
    expect((await viewer.get('/me')).body).toMatchObject({ role: 'viewer', permissions: ['payments:read'] });
    expect((await api.get(`/payments/${paid.body.id}`)).body.amount_refunded).toBe('10.00');
  });

  it('lets a developer create and revoke keys, shown once, and read the request log', async () => {
    const { emails } = await teamMerchant();
    const developer = await signInAs(emails.developer, PASSWORD);
    const created = await developer.post('/api_keys', { name: 'CI key' });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^sk_test_/);
    const listed = await developer.get('/api_keys');
    expect(listed.body.data.find((k: { id: string }) => k.id === created.body.id)).not.toHaveProperty('secret');

    const withKey = apiClient(created.body.secret);
    expect((await withKey.get('/payments?limit=3')).status).toBe(200);
    expect((await developer.post(`/api_keys/${created.body.id}/revoke`)).body.revoked).not.toBeNull();
    expect((await withKey.get('/payments')).status).toBe(401);

    await expect
      .poll(async () => (await developer.get('/request_logs')).body.data.map((r: { path: string; status: number }) => `${r.status} ${r.path}`), {
        timeout: 5_000,
      })
      .toContain('200 /api/v1/payments?limit=3');
  });

  it('lets only the owner manage the team, and never removes the last owner', async () => {
    const { emails } = await teamMerchant();
    const owner = await signInAs(emails.owner, PASSWORD);
    const team = await owner.get('/team');
    expect(team.body.data.map((u: { role: string }) => u.role).sort()).toEqual(['developer', 'owner', 'support', 'viewer']);
    // The same minimum as a password change: 12 characters.
    const short = await owner.post('/team', { email: 'new.hire@shop.test', password: 'elevenchars', role: 'support' });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'parameter_invalid', param: 'password', message: 'Invalid password: must be at least 12 characters' });
    const added = await owner.post('/team', { email: 'new.hire@shop.test', password: 'long enough pw', role: 'support' });
    expect(added.status).toBe(201);
    expect((await owner.post(`/team/${added.body.id}`, { role: 'viewer' })).body.role).toBe('viewer');
    const me = team.body.data.find((u: { role: string }) => u.role === 'owner');
    expect((await owner.request('DELETE', `/team/${me.id}`)).status).toBe(400);

    const developer = await signInAs(emails.developer, PASSWORD);
    expect((await developer.get('/team')).status).toBe(403);
    expect((await owner.request('DELETE', `/team/${added.body.id}`)).body.deleted).toBe(true);
  });
});
