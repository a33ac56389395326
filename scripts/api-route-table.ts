import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The methods Next.js dispatches to a route file's exports (HEAD and OPTIONS it fills in itself). */
const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

export type ApiRouteEntry = { path: string; methods: string[] };

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/** The API surfaces: the native API (and health, metrics, sign-in) and the Stripe-compatible /v1. */
const API_ROOTS = ['api', 'v1'];

/**
 * Every route under app/api and app/v1 with the methods its file exports, read by importing the file,
 * so the table is exactly what Next.js dispatches. Catch-all routes are left out: they are the
 * fallback for unknown paths and answer every method themselves.
 */
export async function readApiRouteTable(root = process.cwd()): Promise<ApiRouteEntry[]> {
  const entries: ApiRouteEntry[] = [];
  for (const file of API_ROOTS.flatMap((dir) => routeFiles(path.join(root, 'app', dir)))) {
    const route = '/' + path.relative(path.join(root, 'app'), path.dirname(file)).split(path.sep).join('/');
    if (route.includes('[...')) continue;
    const exported = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    entries.push({ path: route, methods: HTTP_METHODS.filter((m) => typeof exported[m] === 'function') });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function renderApiRouteTable(entries: ApiRouteEntry[]): string {
  const rows = entries.map((e) => `  { path: '${e.path}', methods: [${e.methods.map((m) => `'${m}'`).join(', ')}] },`);
  return [
    '// Generated from app/api/**/route.ts and app/v1/**/route.ts by `npm run routes:generate` (also run before every build);',
    '// scripts/api-route-table.test.ts fails when it is out of date. Do not edit by hand.',
    '',
    'export type ApiRouteEntry = { path: string; methods: readonly string[] };',
    '',
    'export const apiRoutes: readonly ApiRouteEntry[] = [',
    ...rows,
    '];',
    '',
  ].join('\n');
}
