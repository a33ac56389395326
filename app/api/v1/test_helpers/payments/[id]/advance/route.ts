import { apiRoute } from '@/lib/http/route';
import { testModeOnly } from '@/lib/http/test-mode-only';
import { paymentResponse } from '@/lib/payments/payment-response';
import { advancePayment } from '@/lib/payments/settle-in-flight';

export const POST = testModeOnly(
  apiRoute({ permission: 'payments:create' }, async ({ db, merchantId, params }) =>
    paymentResponse(db, await advancePayment(db, merchantId, params.id)),
  ),
);
