'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiRequestError, toQuery, type List } from '@/components/api';
import type { getBalance } from '@/lib/ledger/balance';
import type { serializeBalanceTransaction } from '@/lib/settlement/balance-transactions';
import type { serializePayout } from '@/lib/settlement/payouts';

// Types come from the serializers the API itself uses, so the dashboard cannot drift from it.
export type Balance = Awaited<ReturnType<typeof getBalance>>;
export type BalanceTransaction = ReturnType<typeof serializeBalanceTransaction>;
export type Payout = ReturnType<typeof serializePayout>;
export type PayoutDetail = Payout & { balance_transactions: List<BalanceTransaction> };

export type CreatePayoutInput = { amount: string; currency: string; description?: string };

export const balanceKeys = {
  all: ['balances'] as const,
  balance: ['balances', 'balance'] as const,
  transactions: ['balances', 'transactions'] as const,
  payouts: ['balances', 'payouts'] as const,
  payout: (id: string) => ['balances', 'payouts', id] as const,
};

/** A 404 will not turn into a resource by asking again. */
const retryServerErrors = (count: number, error: Error) => !(error instanceof ApiRequestError && error.status < 500) && count < 1;

export function useBalance() {
  return useQuery({ queryKey: balanceKeys.balance, queryFn: () => api<Balance>('/balance') });
}

export function useBalanceTransactions(limit = 25) {
  return useQuery({
    queryKey: [...balanceKeys.transactions, limit],
    queryFn: () => api<List<BalanceTransaction>>(`/balance_transactions${toQuery({ limit })}`),
  });
}

/** Newest first, a page at a time (the API's cursor, as for payments). */
export function usePayouts(limit = 20) {
  return useInfiniteQuery({
    queryKey: [...balanceKeys.payouts, 'list', limit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api<List<Payout>>(`/payouts${toQuery({ limit, starting_after: pageParam })}`),
    getNextPageParam: (last) => (last.has_more ? (last.next_cursor ?? undefined) : undefined),
  });
}

export function usePayout(id: string) {
  return useQuery({
    queryKey: balanceKeys.payout(id),
    queryFn: () => api<PayoutDetail>(`/payouts/${encodeURIComponent(id)}`),
    retry: retryServerErrors,
  });
}

/** A money movement: no optimistic update; the server's numbers are refetched after it. */
export function useCreatePayout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePayoutInput) => api<Payout>('/payouts', { method: 'POST', body: input }),
    onSettled: () => client.invalidateQueries({ queryKey: balanceKeys.all }),
  });
}
