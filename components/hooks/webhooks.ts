'use client';

import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, type BodyOf, type ItemOf, type ResponseOf } from '@/components/api';

// Types come from the API's own schemas (the typed client), so the dashboard cannot drift from it.
/** `disabled_reason` is 'manual', 'too_many_failures' (auto-disabled) or null. */
export type WebhookEndpoint = Omit<ItemOf<'GET /webhook_endpoints'>, 'secret'>;
/** Create and roll responses are the only places the signing secret ever appears. */
export type WebhookEndpointWithSecret = ResponseOf<'POST /webhook_endpoints'> & { secret: string };
export type WebhookDelivery = ItemOf<'GET /webhook_endpoints/{id}/deliveries'>;
export type WebhookAttempt = WebhookDelivery['attempts'][number];
export type TillpointEvent = ResponseOf<'GET /events/{id}'>;

export const webhookKeys = {
  endpoints: ['webhook_endpoints'] as const,
  deliveries: (endpointId: string) => ['webhook_endpoints', endpointId, 'deliveries'] as const,
  events: (type: string) => ['events', 'list', type] as const,
  event: (id: string) => ['events', 'one', id] as const,
};

export function useWebhookEndpoints() {
  return useQuery({ queryKey: webhookKeys.endpoints, queryFn: () => call('GET /webhook_endpoints'), refetchInterval: 30_000 });
}

export function useCreateWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: BodyOf<'POST /webhook_endpoints'>) => (await call('POST /webhook_endpoints', { body: input })) as WebhookEndpointWithSecret,
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}

export function useUpdateWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: BodyOf<'PATCH /webhook_endpoints/{id}'> & { id: string }) => call('PATCH /webhook_endpoints/{id}', { params: { id }, body: input }),
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}

export function useDeleteWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('DELETE /webhook_endpoints/{id}', { params: { id } }),
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}

export function useRollWebhookSecret() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await call('POST /webhook_endpoints/{id}/roll_secret', { params: { id }, body: {} })) as WebhookEndpointWithSecret,
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}

const DELIVERY_PAGE = 20;

/** An endpoint's deliveries, newest first; polled quickly while any is still pending. */
export function useWebhookDeliveries(endpointId: string) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveries(endpointId),
    queryFn: ({ pageParam }) => call('GET /webhook_endpoints/{id}/deliveries', { params: { id: endpointId }, query: { limit: DELIVERY_PAGE, starting_after: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.has_more ? (last.next_cursor ?? last.data.at(-1)?.id) : undefined),
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.data.some((d) => d.status === 'pending')) ? 2_000 : 5_000),
  });
}

const EVENT_PAGE = 20;

/** Recent events, newest first, optionally of one type (or a `prefix.*`). */
export function useEvents(type: string) {
  return useInfiniteQuery({
    queryKey: webhookKeys.events(type),
    queryFn: ({ pageParam }) => call('GET /events', { query: { type, limit: EVENT_PAGE, starting_after: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.has_more ? (last.next_cursor ?? last.data.at(-1)?.id) : undefined),
    refetchInterval: 5_000,
  });
}

/** Events never change once written, so a fetched one is kept for the session. */
const eventQuery = (id: string) => ({
  queryKey: webhookKeys.event(id),
  queryFn: () => call('GET /events/{id}', { params: { id } }),
  staleTime: Infinity,
});

export function useEvent(id: string | null) {
  return useQuery({ ...eventQuery(id ?? ''), enabled: id !== null });
}

/** The events behind a page of deliveries (deliveries carry only the event id). */
export function useEventsById(ids: string[]): Map<string, TillpointEvent> {
  const unique = [...new Set(ids)];
  const results = useQueries({ queries: unique.map(eventQuery) });
  const byId = new Map<string, TillpointEvent>();
  results.forEach((r) => r.data && byId.set(r.data.id, r.data));
  return byId;
}

export function useResendEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ eventId, endpoint }: { eventId: string; endpoint?: string }) =>
      call('POST /events/{id}/resend', { params: { id: eventId }, body: endpoint ? { endpoint } : {} }),
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}
