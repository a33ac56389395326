'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, toQuery, type List } from '@/components/api';
import type { reviewResponse } from '@/lib/review-queue/list-reviews';

// Types come from the function the API answers with, so the dashboard cannot drift from it.
/** `customer_history` is null for guest payments (no customer id). */
export type Review = Awaited<ReturnType<typeof reviewResponse>>;
export type ReviewStatus = Review['status'];
export type CustomerHistory = NonNullable<Review['customer_history']>;

type ReviewPage = List<Review>;

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
    queryFn: ({ pageParam }) => api<ReviewPage>(`/reviews${toQuery({ status, limit: PAGE_SIZE, starting_after: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.has_more ? (last.next_cursor ?? undefined) : undefined),
  });
}

/** How many payments wait for a decision (capped at OPEN_COUNT_LIMIT; `more` when above). */
export function useOpenReviewCount() {
  return useQuery({
    queryKey: reviewKeys.openCount,
    queryFn: async () => {
      const page = await api<ReviewPage>(`/reviews${toQuery({ status: 'open', limit: OPEN_COUNT_LIMIT })}`);
      return { count: page.data.length, more: page.has_more };
    },
  });
}

function useDecision<V extends { id: string }>(path: (v: V) => string, body: (v: V) => unknown) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => api<Review>(path(v), { method: 'POST', body: body(v) }),
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
  return useDecision<{ id: string }>(
    (v) => `/reviews/${encodeURIComponent(v.id)}/approve`,
    () => undefined,
  );
}

export function useRejectReview() {
  return useDecision<{ id: string; reason: string }>(
    (v) => `/reviews/${encodeURIComponent(v.id)}/reject`,
    (v) => ({ reason: v.reason }),
  );
}
