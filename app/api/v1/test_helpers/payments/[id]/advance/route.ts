import { apiRoute } from '@/lib/http/route';
import { paymentResponse } from '@/lib/payments/payment-response';
import { advancePayment } from '@/lib/payments/settle-in-flight';

// Every key is a test key (`sk_test_`) for now; live mode will refuse this route.
export const POST = apiRoute({ permission: 'payments:create' }, async ({ db, merchantId, params }) =>
  paymentResponse(db, await advancePayment(db, merchantId, params.id)),
);
