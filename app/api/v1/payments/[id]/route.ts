import { apiRoute } from '@/lib/http/route';
import { paymentResponse } from '@/lib/payments/payment-response';
import { getPaymentOrThrow } from '@/lib/payments/payment-store';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId, params }) =>
  paymentResponse(db, await getPaymentOrThrow(db, merchantId, params.id)),
);
