import { test as base, expect, type Page } from '@playwright/test';
import { openDatabase, type Db } from '../db/client';
import { createMerchant } from '../lib/merchants/create-merchant';
import { addUser } from '../lib/merchants/team';
import type { Role } from '../lib/security/permissions';
import { E2E_DATABASE_URL } from '../playwright.config';

export const PASSWORD = 'e2e-password-123';

let db: Db | undefined;
/** The server's own database file (WAL lets the test process write beside it). */
export function e2eDb(): Db {
  db ??= openDatabase(E2E_DATABASE_URL);
  return db;
}

let counter = 0;

export type Shop = { merchantId: string; secretKey: string; emails: Record<Role, string> };

/** A fresh merchant with one user per role, seeded through the real services. */
export async function createShop(name = 'E2E Coffee'): Promise<Shop> {
  const tag = `${Date.now().toString(36)}${counter++}`;
  const emails = { owner: `owner-${tag}@e2e.test` } as Record<Role, string>;
  const created = await createMerchant(e2eDb(), { name, owner: { email: emails.owner, password: PASSWORD } });
  for (const role of ['developer', 'support', 'viewer'] as const) {
    emails[role] = `${role}-${tag}@e2e.test`;
    await addUser(e2eDb(), created.merchantId, { email: emails[role], password: PASSWORD, role });
  }
  return { merchantId: created.merchantId, secretKey: created.secretKey, emails };
}

/** Signs in through the API (not the form), so each journey starts where it means to. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  const res = await page.request.post('/api/auth/login', { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
}

/** Calls the API with the shop's secret key, as an integration would. */
export async function apiAs(page: Page, shop: Shop, method: 'GET' | 'POST', path: string, data?: unknown) {
  const res = await page.request.fetch(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${shop.secretKey}` },
    data,
  });
  return { status: res.status(), body: await res.json() };
}

export const test = base;
export { expect };
