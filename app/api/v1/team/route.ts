import { apiRoute } from '@/lib/http/route';
import { addUser, addUserBody, listUsers, serializeUser } from '@/lib/merchants/team';

export const GET = apiRoute({ permission: 'team:manage' }, async ({ db, merchantId }) => ({
  object: 'list',
  data: (await listUsers(db, merchantId)).map(serializeUser),
  has_more: false,
}));

export const POST = apiRoute({ permission: 'team:manage', body: addUserBody, status: 201 }, async ({ db, merchantId, body }) =>
  serializeUser(await addUser(db, merchantId, body)),
);
