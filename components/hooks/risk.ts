'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type List } from '@/components/api';
import type { RiskRuleBacktest } from '@/lib/risk/backtest';
import type { SerializedCustomRule } from '@/lib/risk/custom-rules/serialize';
import type { serializeListEntry } from '@/lib/risk/lists';
import type { serializeRiskSettings } from '@/lib/risk/settings';

// Types come from the serializers the API itself uses, so the dashboard cannot drift from it.
export type RiskSettings = ReturnType<typeof serializeRiskSettings>;
export type RiskListEntry = ReturnType<typeof serializeListEntry>;
export type RiskRule = SerializedCustomRule;
export type RiskRuleDetail = RiskRule & Required<Pick<RiskRule, 'versions'>>;
export type { RiskRuleBacktest };

export type RuleDraft = { name: string; expression: string; action: RiskRule['action']; score?: number };

const riskKeys = {
  settings: ['risk', 'settings'] as const,
  lists: ['risk', 'lists'] as const,
  rules: ['risk', 'rules'] as const,
  rule: (id: string) => ['risk', 'rules', id] as const,
};

export function useRiskSettings() {
  return useQuery({ queryKey: riskKeys.settings, queryFn: () => api<RiskSettings>('/risk/settings') });
}

export function useUpdateRiskSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { review_threshold: number; block_threshold: number }) => api<RiskSettings>('/risk/settings', { method: 'POST', body }),
    onSuccess: (settings) => client.setQueryData(riskKeys.settings, settings),
  });
}

export function useRiskLists() {
  return useQuery({ queryKey: riskKeys.lists, queryFn: () => api<List<RiskListEntry>>('/risk/lists') });
}

export function useAddListEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Pick<RiskListEntry, 'list' | 'kind' | 'value'> & { reason?: string }) => api<RiskListEntry>('/risk/lists', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: riskKeys.lists }),
  });
}

export function useRemoveListEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (entry: RiskListEntry) => api<{ id: string }>(`/risk/lists/${encodeURIComponent(entry.id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: riskKeys.lists }),
  });
}

export function useRiskRules() {
  return useQuery({ queryKey: riskKeys.rules, queryFn: () => api<List<RiskRule>>('/risk/rules') });
}

/** One rule with every version, oldest first. */
export function useRiskRule(id: string | null) {
  return useQuery({
    queryKey: riskKeys.rule(id ?? ''),
    queryFn: () => api<RiskRuleDetail>(`/risk/rules/${encodeURIComponent(id!)}`),
    enabled: id !== null,
  });
}

/** Creates a rule (no id) or saves a new version of one. */
export function useSaveRiskRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: Partial<RuleDraft> & { id?: string; enabled?: boolean }) =>
      api<RiskRuleDetail>(id ? `/risk/rules/${encodeURIComponent(id)}` : '/risk/rules', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['risk', 'rules'] }),
  });
}

export function useDeleteRiskRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rule: RiskRule) => api<{ id: string }>(`/risk/rules/${encodeURIComponent(rule.id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['risk', 'rules'] }),
  });
}

/** Runs a draft against recent payments; nothing is saved. */
export function useBacktestRule() {
  return useMutation({
    mutationFn: (draft: Pick<RuleDraft, 'expression' | 'action' | 'score'>) => api<RiskRuleBacktest>('/risk/rules/test', { method: 'POST', body: draft }),
  });
}
