'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, toQuery, type List } from '@/components/api';
import type { serializeAlertRule } from '@/lib/monitoring/alert-rules';
import type { serializeAlert } from '@/lib/monitoring/alerts';

// Types come from the serializers the API itself uses, so the dashboard cannot drift from it.
export type Alert = ReturnType<typeof serializeAlert>;
export type AlertRule = ReturnType<typeof serializeAlertRule>;

const alertKeys = {
  all: ['alerts'] as const,
  list: (status: string) => ['alerts', 'list', status] as const,
  openCount: ['alerts', 'open-count'] as const,
  rules: ['alert_rules'] as const,
};

export function useAlerts(status: '' | Alert['status']) {
  return useQuery({
    queryKey: alertKeys.list(status),
    queryFn: () => api<List<Alert>>(`/alerts${toQuery({ status, limit: 100 })}`),
    refetchInterval: 15_000,
  });
}

/** Open (unacknowledged) alerts, for the bell; refreshed every 15 seconds. */
export function useOpenAlertCount() {
  return useQuery({
    queryKey: alertKeys.openCount,
    queryFn: async () => (await api<List<Alert>>('/alerts?status=open&limit=100')).data.length,
    refetchInterval: 15_000,
  });
}

export function useAcknowledgeAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Alert>(`/alerts/${id}/acknowledge`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.all }),
  });
}

export function useAlertRules() {
  return useQuery({ queryKey: alertKeys.rules, queryFn: () => api<List<AlertRule>>('/alert_rules') });
}

export function useUpdateAlertRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ type, ...body }: Partial<AlertRule> & { type: AlertRule['type'] }) =>
      api<AlertRule>(`/alert_rules/${type}`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: alertKeys.rules }),
  });
}
