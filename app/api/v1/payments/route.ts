import { apiRoute } from '@/lib/http/route';
import { createPayment } from '@/lib/payments/create-payment';
import { listPayments } from '@/lib/payments/list-payments';
import { paymentResponse } from '@/lib/payments/payment-response';
import { refundsByPayment } from '@/lib/payments/payment-store';
import { createPaymentBody, listPaymentsQuery } from '@/lib/payments/schemas';
import { serializePayment } from '@/lib/payments/serialize';
import { listResponse } from '@/lib/list';

export const POST = apiRoute({ permission: 'payments:create', body: createPaymentBody, status: 201 }, async ({ db, merchantId, body, clientIp }) =>
  paymentResponse(db, await createPayment(db, { merchantId, body, clientIp })),
);

export const GET = apiRoute({ permission: 'payments:read', query: listPaymentsQuery }, async ({ db, merchantId, query }) => {
  const page = await listPayments(db, merchantId, query);
  const refunds = await refundsByPayment(db, page.data.map((p) => p.id));
  const data = page.data.map((p) => serializePayment(p, refunds.get(p.id) ?? []));
  return listResponse(data, page.hasMore);
});
