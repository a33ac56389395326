import { describe, expect, it } from 'vitest';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { addUser } from '@/lib/merchants/team';
import type { Role } from '@/lib/security/permissions';
import { apiClient, cardPayment, signInAs, suiteDb } from './api-client';

// Issue 12, critical: every API key used to act as the owner, developers could make keys, a key
// could manage the team, and keys outlived the person who made them.

let counter = 0;
const PASSWORD = 'correct horse battery';

/** A merchant with one user per role; `api` is the owner's default key. */
async function shop() {
  const tag = `${Date.now()}-${counter++}`;
  const emails = { owner: `owner-${tag}@keys.test` } as Record<Role, string>;
  const created = await createMerchant(suiteDb(), { name: 'Key shop', owner: { email: emails.owner, password: PASSWORD } });
  const ids = {} as Record<Role, string>;
  for (const role of ['developer', 'support', 'viewer'] as const) {
    emails[role] = `${role}-${tag}@keys.test`;
    ids[role] = (await addUser(suiteDb(), created.merchantId, { email: emails[role], password: PASSWORD, role })).id;
  }
  return { ...created, emails, ids, api: apiClient(created.secretKey) };
}

describe('API key roles', () => {
  it("a developer's key gets the developer role by default and cannot create an owner or support key", async () => {
    const { emails } = await shop();
    const developer = await signInAs(emails.developer, PASSWORD);
    const made = await developer.post('/api_keys', { name: 'CI' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ role: 'developer', created_by: emails.developer, last_used: null });
    const devKey = apiClient(made.body.secret);

    for (const role of ['owner', 'support']) {
      const refused = await devKey.post('/api_keys', { name: `escalate to ${role}`, role });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toMatchObject({ type: 'permission_error', code: 'permission_denied', param: 'role' });
      expect(refused.body.error.message).toContain(`the ${role} role`);
    }
    const viewer = await devKey.post('/api_keys', { name: 'read only', role: 'viewer' });
    expect(viewer.status).toBe(201);
    expect(viewer.body).toMatchObject({ role: 'viewer', created_by: made.body.id });

    const names = (await developer.get('/api_keys')).body.data.map((k: { name: string }) => k.name);
    expect(names).not.toContain('escalate to owner');
    expect(names).not.toContain('escalate to support');
  });

  it('a developer session cannot create an owner key; an owner session can create any role', async () => {
    const { emails } = await shop();
    const developer = await signInAs(emails.developer, PASSWORD);
    const refused = await developer.post('/api_keys', { role: 'owner' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'permission_denied', param: 'role' });

    const owner = await signInAs(emails.owner, PASSWORD);
    for (const role of ['owner', 'developer', 'support', 'viewer']) {
      const made = await owner.post('/api_keys', { role });
      expect(made.status).toBe(201);
      expect(made.body.role).toBe(role);
    }
    expect((await owner.post('/api_keys', {})).body.role).toBe('owner');
    expect((await owner.post('/api_keys', { role: 'root' })).body.error).toMatchObject({ code: 'parameter_invalid', param: 'role' });
  });

  it('a key acts with its own role: a support key cannot create payments, a viewer key cannot refund', async () => {
    const { api, emails } = await shop();
    const owner = await signInAs(emails.owner, PASSWORD);
    const support = apiClient((await owner.post('/api_keys', { role: 'support' })).body.secret);
    const viewer = apiClient((await owner.post('/api_keys', { role: 'viewer' })).body.secret);

    const refused = await support.post('/payments', cardPayment());
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'permission_denied', message: expect.stringContaining('payments:create') });
    const paid = await api.post('/payments', cardPayment({ amount: '30.00' }));
    expect(paid.status).toBe(201);
    expect((await support.post(`/payments/${paid.body.id}/refunds`, { amount: '5.00' })).status).toBe(201);

    expect((await viewer.get(`/payments/${paid.body.id}`)).body.amount_refunded).toBe('5.00');
    expect((await viewer.post(`/payments/${paid.body.id}/refunds`, { amount: '1.00' })).status).toBe(403);
    expect((await viewer.get('/api_keys')).status).toBe(403);
    expect((await viewer.get('/me')).body).toMatchObject({ via: 'api_key', role: 'viewer', permissions: ['payments:read'] });
  });

  it('no API key can manage the team, not even an owner key; an owner session can', async () => {
    const { api, emails, ids } = await shop();
    const owner = await signInAs(emails.owner, PASSWORD);
    const devKey = apiClient((await (await signInAs(emails.developer, PASSWORD)).post('/api_keys', {})).body.secret);

    for (const key of [api, devKey]) {
      const attempts = [
        await key.get('/team'),
        await key.post('/team', { email: `intruder-${counter++}@keys.test`, password: 'long enough pw', role: 'owner' }),
        await key.post(`/team/${ids.developer}`, { role: 'owner' }),
        await key.request('DELETE', `/team/${ids.viewer}`),
      ];
      for (const res of attempts) {
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({ code: 'permission_denied', message: expect.stringContaining('an owner must be signed in') });
      }
    }
    expect((await api.get('/me')).body.permissions).not.toContain('team:manage');

    const team = (await owner.get('/team')).body.data.map((u: { email: string; role: string }) => `${u.role} ${u.email}`).sort();
    expect(team).toEqual([`developer ${emails.developer}`, `owner ${emails.owner}`, `support ${emails.support}`, `viewer ${emails.viewer}`]);
    expect((await owner.post(`/team/${ids.support}`, { role: 'viewer' })).body.role).toBe('viewer');
  });

  it('a developer cannot revoke an owner key; an owner session can', async () => {
    const { api, apiKeyId, emails } = await shop();
    const developer = await signInAs(emails.developer, PASSWORD);
    const refused = await developer.post(`/api_keys/${apiKeyId}/revoke`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('permission_denied');
    const devKey = apiClient((await developer.post('/api_keys', {})).body.secret);
    expect((await devKey.post(`/api_keys/${apiKeyId}/revoke`)).status).toBe(403);
    expect((await api.get('/payments')).status).toBe(200);

    const owner = await signInAs(emails.owner, PASSWORD);
    expect((await owner.post(`/api_keys/${apiKeyId}/revoke`)).body.revoked).not.toBeNull();
    expect((await api.get('/payments')).body.error.code).toBe('api_key_revoked');
  });
});

describe('keys follow the person who made them', () => {
  it('removing a user revokes the keys they made, and the keys made with those keys', async () => {
    const { api, emails, ids } = await shop();
    const developer = await signInAs(emails.developer, PASSWORD);
    const first = await developer.post('/api_keys', { name: 'made in the dashboard' });
    const firstKey = apiClient(first.body.secret);
    const second = await firstKey.post('/api_keys', { name: 'made with a key' });
    const secondKey = apiClient(second.body.secret);
    expect((await firstKey.get('/payments')).status).toBe(200);
    expect((await secondKey.get('/payments')).status).toBe(200);

    const owner = await signInAs(emails.owner, PASSWORD);
    expect((await owner.request('DELETE', `/team/${ids.developer}`)).body.deleted).toBe(true);
    for (const key of [firstKey, secondKey]) {
      const res = await key.get('/payments');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('api_key_revoked');
    }
    const listed = (await owner.get('/api_keys')).body.data;
    expect(listed.find((k: { id: string }) => k.id === first.body.id).revoked).not.toBeNull();
    expect(listed.find((k: { id: string }) => k.id === second.body.id).revoked).not.toBeNull();
    // Keys that are not theirs keep working.
    expect((await api.get('/payments')).status).toBe(200);
  });

  it('lowering a role revokes their keys beyond the new role and keeps the rest', async () => {
    const { emails, ids } = await shop();
    const developer = await signInAs(emails.developer, PASSWORD);
    const devKey = apiClient((await developer.post('/api_keys', { role: 'developer' })).body.secret);
    const viewerKey = apiClient((await developer.post('/api_keys', { role: 'viewer' })).body.secret);

    const owner = await signInAs(emails.owner, PASSWORD);
    expect((await owner.post(`/team/${ids.developer}`, { role: 'viewer' })).body.role).toBe('viewer');
    expect((await devKey.get('/payments')).body.error.code).toBe('api_key_revoked');
    expect((await viewerKey.get('/payments')).status).toBe(200);
  });
});

describe('GET /api_keys', () => {
  it('shows each key’s role, creator and when it was last used', async () => {
    const { api, apiKeyId, emails } = await shop();
    const developer = await signInAs(emails.developer, PASSWORD);
    const unused = await developer.post('/api_keys', { name: 'unused', role: 'viewer' });
    const before = Date.now();
    expect((await api.get('/payments')).status).toBe(200);

    const listed = await developer.get('/api_keys');
    expect(listed.status).toBe(200);
    const byId = Object.fromEntries(listed.body.data.map((k: { id: string }) => [k.id, k]));
    expect(byId[apiKeyId]).toMatchObject({ object: 'api_key', role: 'owner', created_by: emails.owner });
    expect(Date.parse(byId[apiKeyId].last_used)).toBeGreaterThanOrEqual(before - 1_000);
    expect(byId[unused.body.id]).toMatchObject({ role: 'viewer', created_by: emails.developer, last_used: null, revoked: null });
    expect(byId[unused.body.id]).not.toHaveProperty('secret');
  });
});
