'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, type ItemOf, type ResponseOf } from '@/components/api';

// Types come from the API's own schemas (the typed client), so the dashboard cannot drift from it.
/** `customer_history` is null for guest payments (no customer id). */
export type Review = ItemOf<'GET /reviews'>;
export type ReviewStatus = Review['status'];
export type CustomerHistory = NonNullable<Review['customer_history']>;


const PAGE_SIZE = 20;
/** The overview shows "100+" past this many open reviews rather than paging to count them. */
export const OPEN_COUNT_LIMIT = 100;

export const reviewKeys = {
  all: ['reviews'] as const,
  list: (status: ReviewStatus) => ['reviews', 'list', status] as const,
  openCount: ['reviews', 'open-count'] as const,
};

/** One status of the queue, newest first, a page at a time. */
export function useReviews(status: ReviewStatus) {
  return useInfiniteQuery({
    queryKey: reviewKeys.list(status),
    queryFn: ({ pageParam }) => call('GET /reviews', { query: { status, limit: PAGE_SIZE, starting_after: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.has_more ? (last.next_cursor ?? undefined) : undefined),
  });
}

/** How many payments wait for a decision (capped at OPEN_COUNT_LIMIT; `more` when above). */
export function useOpenReviewCount() {
  return useQuery({
    queryKey: reviewKeys.openCount,
    queryFn: async () => {
      const page = await call('GET /reviews', { query: { status: 'open', limit: OPEN_COUNT_LIMIT } });
      return { count: page.data.length, more: page.has_more };
    },
  });
}

function useDecision<V extends { id: string }>(decide: (v: V) => Promise<ResponseOf<'POST /reviews/{id}/approve'>>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: decide,
    // A decision moves the payment (and the review between tabs) and changes the totals.
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: reviewKeys.all }),
        client.invalidateQueries({ queryKey: ['payments'] }),
        client.invalidateQueries({ queryKey: ['metrics'] }),
      ]),
  });
}

export function useApproveReview() {
  return useDecision(({ id }: { id: string }) => call('POST /reviews/{id}/approve', { params: { id } }));
}

export function useRejectReview() {
  return useDecision(({ id, reason }: { id: string; reason: string }) => call('POST /reviews/{id}/reject', { params: { id }, body: { reason } }));
}
