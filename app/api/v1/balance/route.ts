import { apiRoute } from '@/lib/http/route';
import { getBalance } from '@/lib/ledger/balance';

export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId }) => getBalance(db, merchantId));
