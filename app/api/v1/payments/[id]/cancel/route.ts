import { apiRoute } from '@/lib/http/route';
import { cancelPayment } from '@/lib/payments/cancel-payment';
import { paymentResponse } from '@/lib/payments/payment-response';
import { cancelBody } from '@/lib/payments/schemas';

export const POST = apiRoute({ permission: 'payments:manage', body: cancelBody }, async ({ db, merchantId, principal, params, body }) =>
  paymentResponse(db, await cancelPayment(db, { merchantId, paymentId: params.id, reason: body.reason, actor: principal.actor })),
);
