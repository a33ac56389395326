import { apiRoute } from '@/lib/http/route';
import { listFxRates, serializeFxRate } from '@/lib/fx/rates';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId }) => ({
  object: 'list',
  data: (await listFxRates(db, merchantId)).map(serializeFxRate),
  has_more: false,
}));
