import { apiRoute } from '@/lib/http/route';
import { changePassword, changePasswordBody } from '@/lib/security/change-password';
import { signedInUser } from '@/lib/security/signed-in-user';

/** Changes the signed-in user's password (needs the current one) and ends their other sessions. */
export const POST = apiRoute({ permission: 'payments:read', body: changePasswordBody }, async ({ db, principal, clientIp, body }) => {
  const session = signedInUser(principal);
  const { sessionsRevoked } = await changePassword(db, { userId: session.userId, sessionId: session.id, ip: clientIp, body });
  return { object: 'password_change', changed: true, sessions_revoked: sessionsRevoked };
});
