'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, toQuery } from '@/components/api';

export type Alert = {
  id: string;
  type: 'high_failure_rate' | 'large_transaction' | 'review_backlog' | 'webhook_failures';
  status: 'open' | 'acknowledged' | 'resolved';
  message: string;
  data: Record<string, unknown>;
  opened: string;
  acknowledged_by: string | null;
  acknowledged: string | null;
  resolved: string | null;
};

export type AlertRule = { type: Alert['type']; enabled: boolean; threshold: number; window_minutes: number; min_attempts: number };

type List<T> = { object: 'list'; data: T[] };

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
