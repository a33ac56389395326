'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, type BodyOf, type ItemOf, type ResponseOf } from '@/components/api';

// Types come from the API's own schemas (the typed client), so the dashboard cannot drift from it.
export type ApiKey = ItemOf<'GET /api_keys'>;

/** The create response is the only place the secret ever appears. */
export type CreatedApiKey = ResponseOf<'POST /api_keys'>;

/** `actor` is the user's email, or the API key id for calls made with a key. */
export type RequestLogEntry = ItemOf<'GET /request_logs'>;

export const developerKeys = {
  apiKeys: ['api_keys'] as const,
  requestLogs: (limit: number) => ['request_logs', limit] as const,
};

export function useApiKeys() {
  return useQuery({ queryKey: developerKeys.apiKeys, queryFn: () => call('GET /api_keys') });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: BodyOf<'POST /api_keys'>) => call('POST /api_keys', { body: input }),
    onSettled: () => client.invalidateQueries({ queryKey: developerKeys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('POST /api_keys/{id}/revoke', { params: { id } }),
    onSettled: () => client.invalidateQueries({ queryKey: developerKeys.apiKeys }),
  });
}

/** Recent API calls; refreshed every few seconds while the page is open. */
export function useRequestLogs(limit = 50) {
  return useQuery({
    queryKey: developerKeys.requestLogs(limit),
    queryFn: () => call('GET /request_logs', { query: { limit } }),
    refetchInterval: 15_000,
  });
}
