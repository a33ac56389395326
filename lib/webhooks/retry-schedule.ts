const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Wait after the n-th failed attempt (index n - 1). Nine attempts in all, the last about
 * 2.7 days (≈ 3 with jitter) after the first; then the delivery is `failed`.
 */
export const RETRY_DELAYS_MS = [MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 24 * HOUR, 24 * HOUR] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** `TILLPOINT_WEBHOOK_RETRY_SCALE` multiplies every delay (tests use 0.001: a minute is 60 ms). */
export function retryScale(): number {
  const scale = Number(process.env.TILLPOINT_WEBHOOK_RETRY_SCALE ?? 1);
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

/** Per-attempt HTTP timeout (default 10 s; `TILLPOINT_WEBHOOK_TIMEOUT_MS`). */
export function webhookTimeoutMs(): number {
  const ms = Number(process.env.TILLPOINT_WEBHOOK_TIMEOUT_MS ?? 10_000);
  return Number.isFinite(ms) && ms > 0 ? ms : 10_000;
}

/**
 * Delay before the next attempt after `failedAttempts` failures, or null when none is left.
 * ±20% jitter spreads the retries of many deliveries that failed together.
 */
export function retryDelayMs(failedAttempts: number, options: { scale?: number; random?: () => number } = {}): number | null {
  if (failedAttempts < 1 || failedAttempts >= MAX_ATTEMPTS) return null;
  const base = RETRY_DELAYS_MS[failedAttempts - 1] * (options.scale ?? retryScale());
  const jitter = 0.8 + 0.4 * (options.random ?? Math.random)();
  return Math.max(1, Math.round(base * jitter));
}
