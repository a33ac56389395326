import http from 'node:http';
import https from 'node:https';
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { events, webhookAttempts, webhookDeliveries, webhookEndpoints } from '@/db/schema';
import { log } from '@/lib/log';
import { raiseAlert } from '@/lib/monitoring/alerts';
import { metrics } from '@/lib/monitoring/prometheus';
import { autoDisabledAlertKey, signingSecrets, type WebhookEndpoint } from './endpoints';
import { serializeEvent, type Event } from '@/lib/events/events';
import { retryDelayMs, retryScale, webhookTimeoutMs } from './retry-schedule';
import { SIGNATURE_HEADER, signWebhookPayload } from './sign-payload';
import { pinnedLookup, resolveWebhookTarget, WebhookTargetRefused, type ResolvedAddress, type TargetOptions } from './webhook-target';

type Delivery = typeof webhookDeliveries.$inferSelect;
type Clock = () => number;

const BATCH = 20;
// A claim outlives the HTTP timeout by this much, so a live worker always records its attempt
// before anyone else may take the delivery over.
const CLAIM_MARGIN_MS = 5_000;
const RESPONSE_EXCERPT_BYTES = 1024;
const DAY = 86_400_000;
/** An endpoint is disabled after this many deliveries in a row ran out of attempts... */
export const AUTO_DISABLE_FAILED_DELIVERIES = 8;
/** ...or after failing every attempt for this long (scaled like the retry schedule). */
export const AUTO_DISABLE_FAILING_MS = 3 * DAY;

export type AttemptResult = { ok: boolean; statusCode: number | null; durationMs: number; responseBody: string | null; error: string | null };

/**
 * Claims due deliveries for `holder` in one short transaction: pending, due, not claimed by a
 * live worker, for an enabled endpoint. The UPDATE re-checks the claim condition, so two
 * workers (in one process or many) never get the same delivery; on PostgreSQL this would be
 * `SELECT ... FOR UPDATE SKIP LOCKED`.
 */
export async function claimDueDeliveries(db: Db, holder: string, now: number, limit = BATCH): Promise<Delivery[]> {
  const unclaimed = or(isNull(webhookDeliveries.claimedUntil), lte(webhookDeliveries.claimedUntil, now));
  return transaction(db, async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(
        and(
          eq(webhookDeliveries.status, 'pending'),
          lte(webhookDeliveries.nextAttemptAt, now),
          unclaimed,
          eq(webhookEndpoints.status, 'enabled'),
          isNull(webhookEndpoints.deletedAt),
        ),
      )
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(limit);
    if (due.length === 0) return [];
    return tx
      .update(webhookDeliveries)
      .set({ claimedBy: holder, claimedUntil: now + webhookTimeoutMs() + CLAIM_MARGIN_MS })
      .where(and(inArray(webhookDeliveries.id, due.map((d) => d.id)), eq(webhookDeliveries.status, 'pending'), unclaimed))
      .returning();
  });
}

/** How an HTTP exchange ended: the status and at most RESPONSE_EXCERPT_BYTES of the body. */
type Answer = { statusCode: number; excerpt: string };

/**
 * POSTs over a fresh connection to `target` (already checked), never following redirects: a
 * redirect is an answer that is not 2xx, and following it could send the event elsewhere. The
 * body is read up to the excerpt size; a receiver that cuts it short changes nothing.
 */
function postTo(url: URL, target: ResolvedAddress, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false, lookup: pinnedLookup(target), signal },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_EXCERPT_BYTES) res.destroy();
        });
        res.on('error', () => undefined);
        res.on('close', () => resolve({ statusCode: res.statusCode ?? 0, excerpt: Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8') }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

/**
 * What a failed attempt records. Socket and DNS errors are reported only as `connection_failed`
 * or `timeout`: raw codes (ECONNREFUSED vs EHOSTUNREACH...) would let an endpoint map a network.
 */
function describeError(error: unknown, signal: AbortSignal): string {
  if (error instanceof WebhookTargetRefused) return `address_forbidden: ${error.message}`;
  if (signal.aborted) return 'timeout';
  return 'connection_failed';
}

/**
 * One signed POST, outside any transaction. Never throws. The host is resolved and checked
 * at every attempt (DNS can change after the endpoint was saved) and the connection goes to
 * the address that was checked.
 */
export async function sendWebhook(url: string, rawBody: string, signature: string, target: TargetOptions = {}): Promise<AttemptResult> {
  const signal = AbortSignal.timeout(webhookTimeoutMs());
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const parsed = new URL(url);
    const address = await Promise.race([resolveWebhookTarget(parsed, target), untilAborted(signal)]);
    const headers = { 'content-type': 'application/json', 'user-agent': 'Tillpoint-Webhooks/1', [SIGNATURE_HEADER]: signature };
    const answer = await postTo(parsed, address, headers, rawBody, signal);
    const ok = answer.statusCode >= 200 && answer.statusCode < 300;
    return { ok, statusCode: answer.statusCode, durationMs: elapsed(), responseBody: answer.excerpt, error: ok ? null : `HTTP ${answer.statusCode}` };
  } catch (error) {
    return { ok: false, statusCode: null, durationMs: elapsed(), responseBody: null, error: describeError(error, signal) };
  }
}

/**
 * Records an attempt and decides what comes next, in one short transaction: success ends the
 * delivery and clears the endpoint's failure streak; a failure schedules the next attempt or,
 * with none left, fails the delivery. An endpoint failing too long is disabled with an alert.
 */
async function recordAttempt(db: Db, delivery: Delivery, endpoint: WebhookEndpoint, result: AttemptResult, now: number): Promise<'succeeded' | 'retrying' | 'failed'> {
  return transaction(db, async (tx) => {
    const attempt = delivery.attemptCount + 1;
    await tx.insert(webhookAttempts).values({
      deliveryId: delivery.id,
      merchantId: delivery.merchantId,
      endpointId: delivery.endpointId,
      attempt,
      succeeded: result.ok,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      responseBody: result.responseBody,
      error: result.error,
      createdAt: now,
    });
    const delay = result.ok ? null : retryDelayMs(attempt);
    const outcome = result.ok ? 'succeeded' : delay === null ? 'failed' : 'retrying';
    await tx
      .update(webhookDeliveries)
      .set({
        status: outcome === 'retrying' ? 'pending' : outcome,
        attemptCount: attempt,
        nextAttemptAt: delay === null ? null : now + delay,
        claimedBy: null,
        claimedUntil: null,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        completedAt: outcome === 'retrying' ? null : now,
      })
      .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, 'pending')));

    if (result.ok) {
      await tx.update(webhookEndpoints).set({ consecutiveFailedDeliveries: 0, failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id));
      return outcome;
    }
    const [current] = await tx
      .update(webhookEndpoints)
      .set({
        failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now})`,
        consecutiveFailedDeliveries: sql`${webhookEndpoints.consecutiveFailedDeliveries} + ${outcome === 'failed' ? 1 : 0}`,
      })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning();
    const failingFor = now - (current.failingSince ?? now);
    const tooMany = current.consecutiveFailedDeliveries >= AUTO_DISABLE_FAILED_DELIVERIES;
    const tooLong = failingFor >= AUTO_DISABLE_FAILING_MS * retryScale();
    if (current.status === 'enabled' && (tooMany || tooLong)) {
      await tx.update(webhookEndpoints).set({ status: 'disabled', disabledReason: 'too_many_failures', updatedAt: now }).where(eq(webhookEndpoints.id, endpoint.id));
      const why = tooMany
        ? `${current.consecutiveFailedDeliveries} deliveries in a row failed every attempt`
        : `every attempt has failed for ${Math.round(failingFor / 3_600_000)} hours`;
      await raiseAlert(
        tx,
        {
          merchantId: delivery.merchantId,
          type: 'webhook_failures',
          conditionKey: autoDisabledAlertKey(endpoint.id),
          message: `Webhook endpoint ${endpoint.url} was disabled: ${why}. Last error: ${result.error}`,
          data: { endpoint: endpoint.id, url: endpoint.url, failed_deliveries: current.consecutiveFailedDeliveries, failing_since: new Date(current.failingSince ?? now).toISOString() },
        },
        now,
      );
    }
    return outcome;
  });
}

/**
 * The worker's delivery pass: claim due deliveries, send them concurrently with no transaction
 * open, record each attempt. A worker that dies mid-send leaves a claim that expires; the
 * delivery is then sent again (at-least-once; receivers dedupe by event id).
 */
export async function deliverDueWebhooks(db: Db, holder: string, clock: Clock = Date.now): Promise<{ sent: number; succeeded: number }> {
  const claimed = await claimDueDeliveries(db, holder, clock());
  if (claimed.length === 0) return { sent: 0, succeeded: 0 };
  const rows = await db
    .select({ delivery: webhookDeliveries, event: events, endpoint: webhookEndpoints })
    .from(webhookDeliveries)
    .innerJoin(events, eq(events.id, webhookDeliveries.eventId))
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(inArray(webhookDeliveries.id, claimed.map((d) => d.id)));
  const outcomes = await Promise.all(rows.map(({ delivery, event, endpoint }) => deliverOne(db, delivery, event, endpoint, clock)));
  return { sent: outcomes.length, succeeded: outcomes.filter((o) => o === 'succeeded').length };
}

async function deliverOne(db: Db, delivery: Delivery, event: Event, endpoint: WebhookEndpoint, clock: Clock) {
  try {
    const rawBody = JSON.stringify(serializeEvent(event));
    const sentAt = clock();
    const signature = signWebhookPayload(rawBody, signingSecrets(endpoint, sentAt), Math.floor(sentAt / 1000));
    const result = await sendWebhook(endpoint.url, rawBody, signature);
    const outcome = await recordAttempt(db, delivery, endpoint, result, clock());
    metrics().webhookDeliveries.inc({ status: outcome });
    return outcome;
  } catch (error) {
    // The claim expires and the delivery is tried again.
    log.error({ delivery_id: delivery.id, err: error }, 'webhook delivery failed to record');
    return 'error';
  }
}
