import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * For receivers: checks a `Tillpoint-Signature` header against the raw request body (the exact
 * bytes received, before any JSON parsing) and the endpoint's `whsec_...` secret. True when one
 * of the `v1` signatures matches and the timestamp is within `toleranceSeconds` of `now`
 * (epoch milliseconds), which stops a captured delivery from being replayed later.
 * A missing or malformed header, a tampered body or a stale timestamp gives false.
 * Self-contained (node:crypto only) so it can be copied into a receiver as is.
 */
export function verifyWebhookSignature(
  rawBody: string | Buffer,
  header: string | null | undefined,
  secret: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const toleranceSeconds = options.toleranceSeconds ?? 300;
  const now = options.now ?? Date.now();
  if (!header) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d+$/.test(value)) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest();
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
}
