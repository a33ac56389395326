import { describe, expect, inject, it } from 'vitest';
import { openApiDocument } from '@/lib/http/openapi/document';

const url = () => `${inject('baseUrl')}/api/v1/openapi.json`;

describe('GET /api/v1/openapi.json', () => {
  it('serves the generated document without authentication, cacheable', async () => {
    const res = await fetch(url());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('answers 304 to a revalidation with its ETag', async () => {
    const etag = (await fetch(url())).headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(url(), { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await fetch(url(), { headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  });
});
