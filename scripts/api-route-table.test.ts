import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readApiRouteTable, renderApiRouteTable } from './api-route-table';

describe('lib/http/api-routes.ts', () => {
  it('lists exactly the routes and methods the route files export (else run `npm run routes:generate`)', async () => {
    const table = await readApiRouteTable();
    expect(table.find((r) => r.path === '/api/v1/payments')?.methods).toEqual(['GET', 'POST']);
    expect(readFileSync('lib/http/api-routes.ts', 'utf8')).toBe(renderApiRouteTable(table));
  }, 60_000);
});
