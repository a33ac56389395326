import { DomainError } from '@/lib/errors';
import type { Principal } from './authenticate';

/** The caller's user and session; API keys have neither, so `/me/sessions` and `/me/password` refuse them. */
export function signedInUser(principal: Principal): { id: string; userId: string } {
  if (!principal.session) {
    throw new DomainError('permission_denied', 'Sessions and passwords belong to a signed-in user; an API key has neither. Sign in to the dashboard.');
  }
  return principal.session;
}
