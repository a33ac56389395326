'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError, call, type BodyOf, type ItemOf, type ResponseOf } from '@/components/api';

// Types come from the API's own schemas (the typed client), so the dashboard cannot drift from it.
export type Balance = ResponseOf<'GET /balance'>;
export type BalanceTransaction = ItemOf<'GET /balance_transactions'>;
export type Payout = ItemOf<'GET /payouts'>;
export type PayoutDetail = ResponseOf<'GET /payouts/{id}'>;

export type CreatePayoutInput = BodyOf<'POST /payouts'>;

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
  return useQuery({ queryKey: balanceKeys.balance, queryFn: () => call('GET /balance') });
}

export function useBalanceTransactions(limit = 25) {
  return useQuery({
    queryKey: [...balanceKeys.transactions, limit],
    queryFn: () => call('GET /balance_transactions', { query: { limit } }),
  });
}

/** Newest first, a page at a time (the API's cursor, as for payments). */
export function usePayouts(limit = 20) {
  return useInfiniteQuery({
    queryKey: [...balanceKeys.payouts, 'list', limit],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => call('GET /payouts', { query: { limit, starting_after: pageParam } }),
    getNextPageParam: (last) => (last.has_more ? (last.next_cursor ?? undefined) : undefined),
  });
}

export function usePayout(id: string) {
  return useQuery({
    queryKey: balanceKeys.payout(id),
    queryFn: () => call('GET /payouts/{id}', { params: { id } }),
    retry: retryServerErrors,
  });
}

/** A money movement: no optimistic update; the server's numbers are refetched after it. */
export function useCreatePayout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePayoutInput) => call('POST /payouts', { body: input }),
    onSettled: () => client.invalidateQueries({ queryKey: balanceKeys.all }),
  });
}
