import { isLiveMode } from '@/lib/runtime/mode';

/**
 * Named moments at which a test can have this process die by SIGKILL, as a power cut or an
 * OOM kill would: `TILLPOINT_TEST_CRASH_AT=<point>`. The crash tests use them to prove that a
 * request retried after a crash at any step is applied exactly once. Unset, they cost one
 * string comparison; in live mode they do nothing.
 */
export type CrashPoint =
  | 'request.after_claim' // the Idempotency-Key is claimed, nothing else is written yet
  | 'request.before_response_stored' // the request finished, its answer is not yet stored
  | 'processor.before_charge' // the payment is recorded, the processor has not seen it
  | 'processor.after_charge' // the processor charged, we never heard its answer
  | 'processor.before_refund'
  | 'processor.after_refund'
  | 'stripe.after_payment_intent'; // a /v1 create with confirm=true recorded its PaymentIntent, not yet confirmed

export function crashPoint(point: CrashPoint): void {
  if (process.env.TILLPOINT_TEST_CRASH_AT !== point || isLiveMode()) return;
  process.kill(process.pid, 'SIGKILL');
  // The signal is already on its way: block so that not one more statement runs.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
}
