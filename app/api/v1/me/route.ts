import { apiRoute } from '@/lib/http/route';
import { merchantName } from '@/lib/merchants/team';
import { callerPermissions } from '@/lib/security/permissions';

/** Who is calling and what they may do: the dashboard shows only what the role allows. */
export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, principal }) => ({
  object: 'principal',
  actor: principal.actor,
  via: principal.via,
  role: principal.role,
  merchant: { id: principal.merchantId, name: await merchantName(db, principal.merchantId) },
  permissions: callerPermissions(principal),
}));
