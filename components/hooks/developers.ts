'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, toQuery, type List } from '@/components/api';
import type { serializeApiRequest } from '@/lib/http/request-log';
import type { SerializedApiKey } from '@/lib/security/api-keys';
import type { Role } from '@/lib/security/permissions';

// Types come from the serializers the API itself uses, so the dashboard cannot drift from it.
export type ApiKey = SerializedApiKey;

/** The create response is the only place the secret ever appears. */
export type CreatedApiKey = ApiKey & { secret: string };

/** `actor` is the user's email, or the API key id for calls made with a key. */
export type RequestLogEntry = ReturnType<typeof serializeApiRequest>;

export const developerKeys = {
  apiKeys: ['api_keys'] as const,
  requestLogs: (limit: number) => ['request_logs', limit] as const,
};

export function useApiKeys() {
  return useQuery({ queryKey: developerKeys.apiKeys, queryFn: () => api<List<ApiKey>>('/api_keys') });
}

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name?: string; role: Role }) => api<CreatedApiKey>('/api_keys', { method: 'POST', body: input }),
    onSettled: () => client.invalidateQueries({ queryKey: developerKeys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<ApiKey>(`/api_keys/${encodeURIComponent(id)}/revoke`, { method: 'POST' }),
    onSettled: () => client.invalidateQueries({ queryKey: developerKeys.apiKeys }),
  });
}

/** Recent API calls; refreshed every few seconds while the page is open. */
export function useRequestLogs(limit = 50) {
  return useQuery({
    queryKey: developerKeys.requestLogs(limit),
    queryFn: () => api<List<RequestLogEntry>>(`/request_logs${toQuery({ limit })}`),
    refetchInterval: 15_000,
  });
}
