import { isDatabaseUnavailable, isUnstorableText } from '@/db/postgres';
import { DomainError } from '@/lib/errors';
import { log } from '@/lib/log';

// A conflict clears in milliseconds and a restarting database in seconds: one second is enough
// to not hammer it.
export const SERVICE_UNAVAILABLE_RETRY_SECONDS = 1;

/**
 * The database failures a caller can act on, as the domain error both API surfaces answer
 * (`apiRoute`, `stripeRoute`); null for anything else (a 500).
 */
export function databaseDomainError(error: unknown, requestId: string): DomainError | null {
  // SQLite stores a NUL byte in text; PostgreSQL refuses it when the query runs (ids, names).
  if (isUnstorableText(error)) {
    return new DomainError('parameter_invalid', 'A parameter contains a character that cannot be stored (a NUL byte).');
  }
  if (isDatabaseUnavailable(error)) {
    log.warn({ request_id: requestId, err: error }, 'database unavailable');
    return new DomainError('service_unavailable', 'The service is briefly unable to complete this request; nothing was changed. Retry shortly (see Retry-After).');
  }
  return null;
}
