/**
 * The HTTP hardening headers, defined once. Each is set in exactly one place:
 * - next.config.ts `headers()`: the fixed ones (FIXED_SECURITY_HEADERS) on every answer, and the
 *   API's CSP on /api/* (JSON never needs to load anything);
 * - proxy.ts: the pages' CSP, because it carries a fresh nonce per request;
 * - lib/http/https.ts (at the socket): HSTS, because whether an answer goes out over https is
 *   known only at run time (TILLPOINT_PUBLIC_URL, a trusted proxy's X-Forwarded-Proto).
 */

export const FIXED_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  // Browsers must not guess a type: a JSON answer or an upload is never run as script or style.
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Dashboard URLs name payments and customers: other sites learn nothing, not even our origin.
  // (Not no-referrer: under it a same-origin form post would send `Origin: null`, which sign-in refuses.)
  { key: 'Referrer-Policy', value: 'same-origin' },
  // frame-ancestors 'none' in the CSP, for browsers that predate it.
  { key: 'X-Frame-Options', value: 'DENY' },
];

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

// Two years, the subdomains too; `preload` is the operator's decision, not ours.
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/** 128 random bits, base64 (the alphabet Next.js accepts in `'nonce-…'`). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

/**
 * The pages' policy. Scripts: only those carrying this request's nonce (Next.js puts it on its
 * own bootstrap and chunk scripts when it finds it in the request's CSP header) and what they
 * load ('strict-dynamic'); 'self' is the fallback for browsers without 'strict-dynamic'.
 * Styles: stylesheets from our origin, <style> elements only with the nonce, and inline style
 * *attributes* allowed: React renders `style={{…}}` into the HTML (chart heights, bar widths,
 * recharts' wrappers), and attributes cannot carry a nonce. An attribute can restyle but not run
 * anything, and with every other fetch limited to our origin it cannot send data out either.
 * Browsers without style-src-elem/-attr use style-src, which then allows inline styles.
 * In `next dev`, React needs eval for its error overlays and the bundler injects <style> tags.
 */
export function pageContentSecurityPolicy(nonce: string, development = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    `style-src-elem 'self' ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
