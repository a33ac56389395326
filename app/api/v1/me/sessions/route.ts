import { transaction } from '@/db/client';
import { listResponse } from '@/lib/list';
import { apiRoute } from '@/lib/http/route';
import { listSessions, revokeUserSessions, serializeSession } from '@/lib/security/sessions';
import { signedInUser } from '@/lib/security/signed-in-user';

/** The signed-in user's live sessions, newest first; `current` marks the one asking. */
export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, principal }) => {
  const session = signedInUser(principal);
  const rows = await listSessions(db, session.userId);
  return listResponse(rows.map((row) => serializeSession(row, session.id)), false);
});

/** Signs out everywhere else: every session of the user but this one. */
export const DELETE = apiRoute({ permission: 'payments:read' }, async ({ db, principal }) => {
  const session = signedInUser(principal);
  const revoked = await transaction(db, (tx) => revokeUserSessions(tx, session.userId, session.id));
  return { object: 'session_revocation', revoked };
});
