'use client';

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiRequestError, call, type BodyOf, type ItemOf, type ResponseOf } from '@/components/api';

// Types come from the API's own schemas (the typed client), so the dashboard cannot drift from it.
export type Payment = ItemOf<'GET /payments'>;
/** GET /payments/{id} (and every action's answer): always with refunds, timeline and review. */
export type PaymentDetail = ResponseOf<'GET /payments/{id}'>;
export type Refund = ResponseOf<'GET /refunds/{id}'>;
export type PaymentStatus = Payment['status'];
export type PaymentMethod = Payment['method'];

/** The list filters as kept in the URL: dates are local calendar days (YYYY-MM-DD). */
export type PaymentFilters = { status?: string; method?: string; from?: string; to?: string; q?: string };

export type CreatePaymentInput = BodyOf<'POST /payments'>;

const PAGE_SIZE = 25;

export const paymentKeys = {
  all: ['payments'] as const,
  lists: () => [...paymentKeys.all, 'list'] as const,
  list: (filters: PaymentFilters) => [...paymentKeys.lists(), filters] as const,
  detail: (id: string) => [...paymentKeys.all, 'detail', id] as const,
};

/** A local calendar day's bounds as instants, so "to: Mar 3" means the end of Mar 3 here. */
function dayBound(day: string | undefined, end: boolean): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const local = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00.000'}`);
  return Number.isNaN(local.getTime()) ? undefined : local.toISOString();
}

export function usePayments(filters: PaymentFilters) {
  return useInfiniteQuery({
    queryKey: paymentKeys.list(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call('GET /payments', {
        query: {
          limit: PAGE_SIZE,
          starting_after: pageParam,
          status: (filters.status || undefined) as PaymentStatus | undefined,
          method: (filters.method || undefined) as PaymentMethod | undefined,
          'created[gte]': dayBound(filters.from, false),
          'created[lte]': dayBound(filters.to, true),
          q: filters.q?.trim(),
        },
      }),
    getNextPageParam: (last) => (last.has_more ? (last.next_cursor ?? undefined) : undefined),
    // A new filter keeps the current rows on screen (dimmed) until its results arrive: no jank.
    placeholderData: keepPreviousData,
  });
}

export function usePayment(id: string) {
  return useQuery({
    queryKey: paymentKeys.detail(id),
    queryFn: () => call('GET /payments/{id}', { params: { id } }),
    // A 404 will not turn into a payment by asking again.
    retry: (count, error) => !(error instanceof ApiRequestError && error.status < 500) && count < 1,
    // Bank transfers and crypto settle on their own: keep an open page current until they do.
    refetchInterval: (query) => (query.state.data?.status === 'processing' ? 5_000 : false),
  });
}

/** After any money movement the server's numbers are the truth: refetch, never guess. */
async function invalidatePayment(client: QueryClient, id: string) {
  await Promise.all([
    client.invalidateQueries({ queryKey: paymentKeys.detail(id) }),
    client.invalidateQueries({ queryKey: paymentKeys.lists() }),
  ]);
}

export function useCreatePayment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePaymentInput) => call('POST /payments', { body: input }),
    onSuccess: (payment) => {
      client.setQueryData(paymentKeys.detail(payment.id), payment);
      return client.invalidateQueries({ queryKey: paymentKeys.lists() });
    },
  });
}

type PaymentAction = 'POST /payments/{id}/refunds' | 'POST /payments/{id}/capture' | 'POST /payments/{id}/cancel';

/** A money movement on one payment: no optimistic update; the server's numbers are refetched after it. */
function usePaymentAction<K extends PaymentAction>(id: string, action: K) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: BodyOf<K>) => call<PaymentAction>(action, { params: { id }, body: input }) as Promise<ResponseOf<K>>,
    onSettled: () => invalidatePayment(client, id),
  });
}

export const useRefundPayment = (id: string) => usePaymentAction(id, 'POST /payments/{id}/refunds');
export const useCapturePayment = (id: string) => usePaymentAction(id, 'POST /payments/{id}/capture');
export const useCancelPayment = (id: string) => usePaymentAction(id, 'POST /payments/{id}/cancel');
