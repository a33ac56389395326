import { apiRoute } from '@/lib/http/route';
import { getRefundOrThrow } from '@/lib/payments/refund-payment';
import { serializeRefund } from '@/lib/payments/serialize';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId, params }) =>
  serializeRefund(await getRefundOrThrow(db, merchantId, params.id)),
);
