import { createHash } from 'node:crypto';
import { openApiDocument } from '@/lib/http/openapi/document';
import { publicRoute } from '@/lib/http/route';

const body = JSON.stringify(openApiDocument());
// The document changes only with the code: a strong validator lets clients revalidate cheaply.
const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** The OpenAPI 3.1 document of this API: public, cacheable. */
export const GET = publicRoute({}, async ({ req }) => {
  const headers = { etag, 'cache-control': 'public, max-age=300' };
  if (req.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, 'content-type': 'application/json; charset=utf-8' } });
});
