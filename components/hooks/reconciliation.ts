'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError, api, csrfToken, toQuery, type ApiErrorBody, type List } from '@/components/api';
import type { ReconciliationResult } from '@/db/schema';
import type { serializeReconciliationItem, serializeReconciliationRun } from '@/lib/settlement/reconciliation/serialize';

export type { ReconciliationResult };

export type ReconciliationRun = ReturnType<typeof serializeReconciliationRun>;
export type ReconciliationItem = ReturnType<typeof serializeReconciliationItem>;
export type RunDetail = ReconciliationRun & { items: List<ReconciliationItem> };
export type ImportResult = ReconciliationRun & { duplicate: boolean };

/** Which items a run page shows: `breaks` is every result but matched. */
export type ItemFilter = 'breaks' | 'matched' | '';

export const reconciliationKeys = {
  all: ['reconciliation'] as const,
  runs: ['reconciliation', 'runs'] as const,
  run: (id: string) => ['reconciliation', 'run', id] as const,
  runItems: (id: string, result: ItemFilter) => ['reconciliation', 'run', id, result] as const,
};

export function useReconciliationRuns() {
  return useQuery({
    queryKey: reconciliationKeys.runs,
    queryFn: () => api<List<ReconciliationRun>>(`/reconciliation/runs${toQuery({ limit: 50 })}`),
  });
}

export function useReconciliationRun(id: string, result: ItemFilter) {
  return useQuery({
    queryKey: reconciliationKeys.runItems(id, result),
    queryFn: () => api<RunDetail>(`/reconciliation/runs/${encodeURIComponent(id)}${toQuery({ result })}`),
    // Switching tabs keeps the run's header on screen while the other items load.
    placeholderData: keepPreviousData,
    retry: (count, error) => !(error instanceof ApiRequestError && error.status < 500) && count < 1,
  });
}

/** Posts the report as text/csv (the JSON `api` helper is not for files), with the CSRF token. */
async function importReport(file: { name: string; text: string }): Promise<ImportResult> {
  const res = await fetch(`/api/v1/reconciliation/imports${toQuery({ filename: file.name })}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', 'x-csrf-token': csrfToken() },
    body: file.text,
    credentials: 'same-origin',
  });
  const text = await res.text();
  let json: { error?: ApiErrorBody } | null = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) throw new ApiRequestError(res.status, json?.error ?? { type: 'api_error', code: 'http_error', message: `HTTP ${res.status}` });
  return json as unknown as ImportResult;
}

export function useImportReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: importReport,
    onSuccess: () => client.invalidateQueries({ queryKey: reconciliationKeys.runs }),
  });
}

export function useResolveItem(runId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, note }: { id: string; note: string }) =>
      api<ReconciliationItem>(`/reconciliation/items/${encodeURIComponent(id)}/resolve`, { method: 'POST', body: { note } }),
    onSettled: () => client.invalidateQueries({ queryKey: reconciliationKeys.run(runId) }),
  });
}
