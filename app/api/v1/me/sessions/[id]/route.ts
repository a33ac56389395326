import { apiRoute } from '@/lib/http/route';
import { notFound } from '@/lib/errors';
import { revokeSession } from '@/lib/security/sessions';
import { signedInUser } from '@/lib/security/signed-in-user';

/** Ends one of the user's own sessions (the current one too: that is a sign-out). */
export const DELETE = apiRoute({ permission: 'payments:read' }, async ({ db, principal, params }) => {
  const session = signedInUser(principal);
  if (!(await revokeSession(db, session.userId, params.id))) throw notFound('session', params.id);
  return { id: params.id, object: 'session', deleted: true };
});
