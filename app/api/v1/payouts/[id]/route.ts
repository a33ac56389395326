import { apiRoute } from '@/lib/http/route';
import { listBalanceTransactions, serializeBalanceTransaction } from '@/lib/settlement/balance-transactions';
import { getPayoutOrThrow, serializePayout } from '@/lib/settlement/payouts';

/** One payout with the balance transactions it paid out. */
export const GET = apiRoute({ permission: 'payments:read' }, async ({ db, merchantId, params }) => {
  const payout = await getPayoutOrThrow(db, merchantId, params.id);
  const transactions = await listBalanceTransactions(db, merchantId, { payout: payout.id, limit: 100 });
  return {
    ...serializePayout(payout),
    balance_transactions: { object: 'list', data: transactions.data.map(serializeBalanceTransaction), has_more: transactions.hasMore },
  };
});
