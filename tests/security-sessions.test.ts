import { describe, expect, inject, it } from 'vitest';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { addUser } from '@/lib/merchants/team';
import { apiClient, signInAs, suiteDb } from './api-client';

const PASSWORD = 'correct horse battery staple';
let counter = 0;

async function shop() {
  const tag = `${Date.now().toString(36)}-${counter++}`;
  const owner = `owner-${tag}@sessions.test`;
  const created = await createMerchant(suiteDb(), { name: 'Session shop', owner: { email: owner, password: PASSWORD } });
  const support = `support-${tag}@sessions.test`;
  const supportUser = await addUser(suiteDb(), created.merchantId, { email: support, password: PASSWORD, role: 'support' });
  return { ...created, owner, support, supportId: supportUser.id, api: apiClient(created.secretKey) };
}

const withCookie = (cookie: string) => apiClient(null).request('GET', '/me', undefined, { cookie });

describe('server-side sessions', () => {
  it('sign-out ends the session on the server: a copy of the old cookie is refused', async () => {
    const { owner } = await shop();
    const session = await signInAs(owner, PASSWORD);
    expect((await session.get('/me')).status).toBe(200);
    const out = await fetch(`${inject('baseUrl')}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(out.status).toBe(200);
    const replayed = await withCookie(session.cookie);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error).toMatchObject({ type: 'authentication_error', code: 'session_expired' });
  });

  it('lists the user’s sessions with the current one marked, and ends one or all others', async () => {
    const { owner, support, api } = await shop();
    const first = await signInAs(owner, PASSWORD);
    const second = await signInAs(owner, PASSWORD);
    const third = await signInAs(owner, PASSWORD);
    const theirs = await signInAs(support, PASSWORD);

    const listed = await second.get('/me/sessions');
    expect(listed.status).toBe(200);
    expect(listed.body.object).toBe('list');
    expect(listed.body.data).toHaveLength(3);
    const current = listed.body.data.filter((s: { current: boolean }) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ object: 'session', ip: '127.0.0.1', user_agent: 'node', created: expect.any(String), last_seen: expect.any(String) });
    const firstId = (await first.get('/me/sessions')).body.data.find((s: { current: boolean }) => s.current).id;

    // Another user's session, or one that does not exist, is not found.
    const supportId = (await theirs.get('/me/sessions')).body.data[0].id;
    expect((await second.request('DELETE', `/me/sessions/${supportId}`)).status).toBe(404);
    expect((await theirs.get('/me')).status).toBe(200);

    const ended = await second.request('DELETE', `/me/sessions/${firstId}`);
    expect(ended.body).toMatchObject({ id: firstId, object: 'session', deleted: true });
    expect((await first.get('/me')).status).toBe(401);
    expect((await second.get('/me/sessions')).body.data).toHaveLength(2);

    const others = await second.request('DELETE', '/me/sessions');
    expect(others.body).toMatchObject({ revoked: 1 });
    expect((await third.get('/me')).status).toBe(401);
    expect((await second.get('/me')).status).toBe(200);

    // An API key has no sessions to list.
    expect((await api.get('/me/sessions')).status).toBe(403);
  });

  it('a password change needs the current password, applies the policy, and ends the other sessions', async () => {
    const { owner } = await shop();
    const laptop = await signInAs(owner, PASSWORD);
    const stolen = await signInAs(owner, PASSWORD);

    const wrong = await laptop.post('/me/password', { current_password: 'not it', new_password: 'a brand new passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'parameter_invalid', param: 'current_password' });
    const short = await laptop.post('/me/password', { current_password: PASSWORD, new_password: 'eleven char' });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'parameter_invalid', param: 'new_password', message: expect.stringContaining('at least 12 characters') });
    expect((await stolen.get('/me')).status).toBe(200);

    const changed = await laptop.post('/me/password', { current_password: PASSWORD, new_password: 'a brand new passphrase' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ object: 'password_change', changed: true, sessions_revoked: 1 });
    expect((await stolen.get('/me')).status).toBe(401);
    expect((await laptop.get('/me')).status).toBe(200);
    await expect(signInAs(owner, PASSWORD)).rejects.toThrow('401');
    await signInAs(owner, 'a brand new passphrase');
  });

  it('removing a user or changing their role ends their sessions at once', async () => {
    const { owner, support, supportId } = await shop();
    const boss = await signInAs(owner, PASSWORD);
    const before = await signInAs(support, PASSWORD);
    expect((await boss.post(`/team/${supportId}`, { role: 'viewer' })).status).toBe(200);
    expect((await before.get('/me')).status).toBe(401);
    const after = await signInAs(support, PASSWORD);
    expect((await after.get('/me')).body.role).toBe('viewer');

    expect((await boss.request('DELETE', `/team/${supportId}`)).status).toBe(200);
    expect((await after.get('/me')).status).toBe(401);
  });
});

describe('malformed cookies', () => {
  const garbage = [
    'tp_session=%E0%A4%A',
    'tp_session=%',
    'tp_session=',
    'tp_session=a.b.c',
    'tp_session="quoted"',
    'tp_session=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    'tp_session=eyJhbGciOiJIUzI1NiJ9.e30.AAAA',
    'tp_session',
    '=; ;;tp_session=%ZZ; tp_csrf=%',
    `tp_session=${'x'.repeat(4000)}`,
  ];

  it('answers 401, never 500, on the API; the dashboard sends them to sign-in', async () => {
    for (const cookie of garbage) {
      const res = await withCookie(cookie);
      expect(res.status, cookie).toBe(401);
      expect(res.body.error.type, cookie).toBe('authentication_error');
      const page = await fetch(`${inject('baseUrl')}/overview`, { headers: { cookie }, redirect: 'manual' });
      expect(page.status, cookie).toBeLessThan(500);
      const login = await fetch(`${inject('baseUrl')}/login`, { headers: { cookie }, redirect: 'manual' });
      expect(login.status, cookie).toBe(200);
      const out = await fetch(`${inject('baseUrl')}/api/auth/logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
      expect(out.status, cookie).toBe(200);
    }
  });
});
