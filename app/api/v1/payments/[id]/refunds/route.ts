import { apiRoute } from '@/lib/http/route';
import { getPaymentOrThrow, refundsOf } from '@/lib/payments/payment-store';
import { refundPayment } from '@/lib/payments/refund-payment';
import { refundBody } from '@/lib/payments/schemas';
import { serializeRefund } from '@/lib/payments/serialize';

export const POST = apiRoute({ permission: 'refunds:create', body: refundBody, status: 201 }, async ({ db, merchantId, params, body }) =>
  serializeRefund(await refundPayment(db, { merchantId, paymentId: params.id, ...body })),
);

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId, params }) => {
  const payment = await getPaymentOrThrow(db, merchantId, params.id);
  return { object: 'list', data: (await refundsOf(db, payment.id)).map(serializeRefund), has_more: false };
});
