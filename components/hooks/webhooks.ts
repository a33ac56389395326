'use client';

import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, toQuery, type List } from '@/components/api';
import type { serializeDelivery } from '@/lib/webhooks/deliveries';
import type { serializeEndpoint } from '@/lib/webhooks/endpoints';
import type { serializeEvent } from '@/lib/events/events';

// Types come from the serializers the API itself uses, so the dashboard cannot drift from it.
/** `disabled_reason` is 'manual', 'too_many_failures' (auto-disabled) or null. */
export type WebhookEndpoint = Omit<ReturnType<typeof serializeEndpoint>, 'secret'>;
/** Create and roll responses are the only places the signing secret ever appears. */
export type WebhookEndpointWithSecret = WebhookEndpoint & { secret: string };
export type WebhookDelivery = ReturnType<typeof serializeDelivery>;
export type WebhookAttempt = WebhookDelivery['attempts'][number];
export type TillpointEvent = ReturnType<typeof serializeEvent>;

export const webhookKeys = {
  endpoints: ['webhook_endpoints'] as const,
  deliveries: (endpointId: string) => ['webhook_endpoints', endpointId, 'deliveries'] as const,
  events: (type: string) => ['events', 'list', type] as const,
  event: (id: string) => ['events', 'one', id] as const,
};

const path = (id: string) => `/webhook_endpoints/${encodeURIComponent(id)}`;

export function useWebhookEndpoints() {
  return useQuery({ queryKey: webhookKeys.endpoints, queryFn: () => api<List<WebhookEndpoint>>('/webhook_endpoints'), refetchInterval: 30_000 });
}

export function useCreateWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { url: string; enabled_events: string[]; description?: string }) =>
      api<WebhookEndpointWithSecret>('/webhook_endpoints', { method: 'POST', body: input }),
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}

export function useUpdateWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string; status?: 'enabled' | 'disabled'; url?: string; enabled_events?: string[]; description?: string | null }) =>
      api<WebhookEndpoint>(path(id), { method: 'PATCH', body: input }),
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}

export function useDeleteWebhookEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ id: string; deleted: true }>(path(id), { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}

export function useRollWebhookSecret() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<WebhookEndpointWithSecret>(`${path(id)}/roll_secret`, { method: 'POST', body: {} }),
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}

const DELIVERY_PAGE = 20;

/** An endpoint's deliveries, newest first; polled quickly while any is still pending. */
export function useWebhookDeliveries(endpointId: string) {
  return useInfiniteQuery({
    queryKey: webhookKeys.deliveries(endpointId),
    queryFn: ({ pageParam }) => api<List<WebhookDelivery>>(`${path(endpointId)}/deliveries${toQuery({ limit: DELIVERY_PAGE, starting_after: pageParam })}`),
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
    queryFn: ({ pageParam }) => api<List<TillpointEvent>>(`/events${toQuery({ type, limit: EVENT_PAGE, starting_after: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.has_more ? (last.next_cursor ?? last.data.at(-1)?.id) : undefined),
    refetchInterval: 5_000,
  });
}

/** Events never change once written, so a fetched one is kept for the session. */
const eventQuery = (id: string) => ({
  queryKey: webhookKeys.event(id),
  queryFn: () => api<TillpointEvent>(`/events/${encodeURIComponent(id)}`),
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
      api<List<WebhookDelivery>>(`/events/${encodeURIComponent(eventId)}/resend`, { method: 'POST', body: endpoint ? { endpoint } : {} }),
    onSettled: () => client.invalidateQueries({ queryKey: webhookKeys.endpoints }),
  });
}
