import { stripeRoute } from '@/lib/http/stripe/route';
import { getMinorBalance } from '@/lib/ledger/balance';
import { serializeStripeBalance } from '@/lib/stripe-compat/serialize-balance';

export const GET = stripeRoute({ permission: 'payments:read' }, async ({ db, merchantId }) => serializeStripeBalance(await getMinorBalance(db, merchantId)));
