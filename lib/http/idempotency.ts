import {
  abandonKey,
  claimKey,
  finishKey,
  runKeyed,
  type Claim,
  type IdempotentResource,
  type KeyedRequest,
  type StoredResponse,
} from '@/lib/idempotency/keys';
import { crashPoint } from '@/lib/testing/crash-point';
import { DomainError } from '@/lib/errors';

// How long a concurrent duplicate waits for the first request's answer before giving up.
const WAIT_FOR_FIRST_MS = 15_000;
const POLL_MS = 20;

/**
 * Runs a keyed request at most once per (merchant, key) within 24 hours. A repeat with the same
 * body gets the stored answer; one with another body is a 409; a concurrent repeat waits for
 * the first request. A repeat of a request that died after recording its object resumes that
 * object (`resume`) instead of executing again; one that died before runs again.
 */
export async function withIdempotency(
  db: Parameters<typeof claimKey>[0],
  req: KeyedRequest,
  handlers: { execute: () => Promise<StoredResponse>; resume: (resource: IdempotentResource) => Promise<StoredResponse> },
): Promise<StoredResponse & { replayed: boolean }> {
  if (req.key.length === 0 || req.key.length > 255) {
    throw new DomainError('idempotency_key_invalid', 'Idempotency-Key must be 1 to 255 characters.');
  }
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  let claim: Claim;
  for (;;) {
    claim = await claimKey(db, req);
    if (claim.kind === 'replay') return { ...claim.response, replayed: true };
    if (claim.kind !== 'busy') break;
    if (Date.now() > deadline) {
      throw new DomainError('idempotency_key_in_use', 'A request with this Idempotency-Key is still in progress. Retry later.');
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  crashPoint('request.after_claim');

  const taken = claim;
  let response: StoredResponse;
  try {
    response = await runKeyed(db, req, () => (taken.kind === 'resume' ? handlers.resume(taken.resource) : handlers.execute()));
  } catch (error) {
    await abandonKey(db, req);
    throw error;
  }
  crashPoint('request.before_response_stored');
  // Server errors are not remembered: the client may retry them with the same key.
  if (response.status >= 500) await abandonKey(db, req);
  else await finishKey(db, req, response);
  // A resumed request was not executed again: its answer describes what the first attempt did.
  return { ...response, replayed: taken.kind === 'resume' };
}
