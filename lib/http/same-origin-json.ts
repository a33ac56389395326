import { DomainError } from '@/lib/errors';
import { publicUrl } from './public-url';

/**
 * Sign-in and sign-out take only JSON from our own pages. A cross-site HTML form can post
 * only form encodings or text/plain, and a cross-site fetch with JSON needs a CORS preflight
 * we never grant; the Origin check refuses what is left (and `Origin: null`). Callers that send
 * no Origin (curl, server-side clients) are not browsers and so cannot be made to forge one.
 *
 * Our own origin is the Host the request was sent to (or X-Forwarded-Host from a proxy: a
 * cross-site page cannot set that header either), or TILLPOINT_PUBLIC_URL when it is set.
 */
export function assertSameOriginJson(req: Request): void {
  const type = req.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new DomainError('content_type_invalid', 'Send this request as JSON, with "Content-Type: application/json".');
  }
  const origin = req.headers.get('origin');
  if (origin === null) return;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    // `null` and other opaque origins
  }
  const ours = [req.headers.get('host'), req.headers.get('x-forwarded-host'), publicUrl()?.host ?? null];
  if (!host || !ours.includes(host)) {
    throw new DomainError('origin_invalid', 'This request came from another site (Origin header) and was refused.');
  }
}
