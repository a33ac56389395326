import { inject } from 'vitest';
import { openDatabase, type Db } from '@/db/client';
import { createMerchant } from '@/lib/merchants/create-merchant';

let db: Db | undefined;

/** The API suite's database, opened by the test process beside the server (WAL allows it). */
export function suiteDb(): Db {
  db ??= openDatabase(inject('databaseUrl'));
  return db;
}

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers; text: string };

export function apiClient(secretKey: string | null) {
  const baseUrl = inject('baseUrl');
  async function request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        ...(secretKey ? { authorization: `Bearer ${secretKey}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers, text };
  }
  return {
    get: <T = any>(path: string) => request<T>('GET', path),
    post: <T = any>(path: string, body: unknown = {}, headers: Record<string, string> = {}) => request<T>('POST', path, body, headers),
    request,
  };
}

export async function newMerchant(name = 'Test merchant') {
  const created = await createMerchant(suiteDb(), { name });
  return { ...created, api: apiClient(created.secretKey) };
}

export const card = (number = '4242424242424242') => ({ number, exp_month: 12, exp_year: 2099, cvc: '123' });

export function cardPayment(overrides: Record<string, unknown> = {}) {
  return { amount: '25.00', currency: 'usd', method: 'credit_card', payment_details: card(), ...overrides };
}

/** Signs in through the real endpoint; returns a client that sends the cookie (and CSRF token). */
export async function signInAs(email: string, password: string) {
  const baseUrl = inject('baseUrl');
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('tp_csrf='))!.slice('tp_csrf='.length);
  const cookie = cookies.join('; ');
  const client = apiClient(null);
  return {
    cookie,
    csrf,
    get: (path: string) => client.request('GET', path, undefined, { cookie }),
    post: (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
      client.request('POST', path, body, { cookie, 'x-csrf-token': csrf, ...headers }),
    request: (method: string, path: string, body?: unknown) => client.request(method, path, body, { cookie, 'x-csrf-token': csrf }),
  };
}
