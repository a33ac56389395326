import { apiRoute } from '@/lib/http/route';
import { listBalanceTransactions, listBalanceTransactionsQuery, serializeBalanceTransaction } from '@/lib/settlement/balance-transactions';

export const GET = apiRoute({ permission: 'payments:read', query: listBalanceTransactionsQuery }, async ({ db, merchantId, query }) => {
  const page = await listBalanceTransactions(db, merchantId, query);
  const data = page.data.map(serializeBalanceTransaction);
  return { object: 'list', data, has_more: page.hasMore, next_cursor: page.hasMore ? data.at(-1)!.id : null };
});
