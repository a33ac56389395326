'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, type BodyOf, type ItemOf } from '@/components/api';

// Types come from the API's own schemas (the typed client), so the dashboard cannot drift from it.
export type Alert = ItemOf<'GET /alerts'>;
export type AlertRule = ItemOf<'GET /alert_rules'>;

const alertKeys = {
  all: ['alerts'] as const,
  list: (status: string) => ['alerts', 'list', status] as const,
  openCount: ['alerts', 'open-count'] as const,
  rules: ['alert_rules'] as const,
};

export function useAlerts(status: '' | Alert['status']) {
  return useQuery({
    queryKey: alertKeys.list(status),
    queryFn: () => call('GET /alerts', { query: { status: status || undefined, limit: 100 } }),
    refetchInterval: 15_000,
  });
}

/** Open (unacknowledged) alerts, for the bell; refreshed every 15 seconds. */
export function useOpenAlertCount() {
  return useQuery({
    queryKey: alertKeys.openCount,
    queryFn: async () => (await call('GET /alerts', { query: { status: 'open', limit: 100 } })).data.length,
    refetchInterval: 15_000,
  });
}

export function useAcknowledgeAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('POST /alerts/{id}/acknowledge', { params: { id } }),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

export function useAlertRules() {
  return useQuery({ queryKey: alertKeys.rules, queryFn: () => call('GET /alert_rules') });
}

export function useUpdateAlertRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ type, ...body }: BodyOf<'POST /alert_rules/{type}'> & { type: AlertRule['type'] }) =>
      call('POST /alert_rules/{type}', { params: { type }, body }),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.rules }),
  });
}
