import { apiRoute } from '@/lib/http/route';
import { capturePayment } from '@/lib/payments/capture-payment';
import { paymentResponse } from '@/lib/payments/payment-response';
import { captureBody } from '@/lib/payments/schemas';

export const POST = apiRoute({ permission: 'payments:manage', body: captureBody }, async ({ db, merchantId, params, body }) =>
  paymentResponse(db, await capturePayment(db, { merchantId, paymentId: params.id, amount: body.amount })),
);
