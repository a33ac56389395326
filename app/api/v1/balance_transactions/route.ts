import { apiRoute } from '@/lib/http/route';
import { listBalanceTransactions, listBalanceTransactionsQuery, serializeBalanceTransaction } from '@/lib/settlement/balance-transactions';
import { listResponse } from '@/lib/list';

export const GET = apiRoute({ permission: 'payments:read', query: listBalanceTransactionsQuery }, async ({ db, merchantId, query }) => {
  const page = await listBalanceTransactions(db, merchantId, query);
  const data = page.data.map(serializeBalanceTransaction);
  return listResponse(data, page.hasMore);
});
