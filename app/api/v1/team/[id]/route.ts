import { apiRoute } from '@/lib/http/route';
import { changeRoleBody, changeUser, serializeUser } from '@/lib/merchants/team';

export const POST = apiRoute({ permission: 'team:manage', body: changeRoleBody }, async ({ db, merchantId, params, body }) =>
  serializeUser(await changeUser(db, merchantId, params.id, { role: body.role })),
);

export const DELETE = apiRoute({ permission: 'team:manage' }, async ({ db, merchantId, params }) => {
  await changeUser(db, merchantId, params.id, 'remove');
  return { id: params.id, object: 'user', deleted: true };
});
