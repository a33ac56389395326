'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiRequestError, call, csrfToken, toQuery, type ApiErrorBody, type ItemOf, type ResponseOf } from '@/components/api';
import type { ReconciliationResult } from '@/db/schema';

export type { ReconciliationResult };

// Types come from the API's own schemas (the typed client), so the dashboard cannot drift from it.
export type ReconciliationRun = ItemOf<'GET /reconciliation/runs'>;
export type ReconciliationItem = ResponseOf<'POST /reconciliation/items/{id}/resolve'>;
export type RunDetail = ResponseOf<'GET /reconciliation/runs/{id}'>;
export type ImportResult = ResponseOf<'POST /reconciliation/imports'>;

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
    queryFn: () => call('GET /reconciliation/runs', { query: { limit: 50 } }),
  });
}

export function useReconciliationRun(id: string, result: ItemFilter) {
  return useQuery({
    queryKey: reconciliationKeys.runItems(id, result),
    queryFn: () => call('GET /reconciliation/runs/{id}', { params: { id }, query: { result: result || undefined } }),
    // Switching tabs keeps the run's header on screen while the other items load.
    placeholderData: keepPreviousData,
    retry: (count, error) => !(error instanceof ApiRequestError && error.status < 500) && count < 1,
  });
}

/** Posts the report as text/csv (the JSON client is not for files), with the CSRF token. */
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
      call('POST /reconciliation/items/{id}/resolve', { params: { id }, body: { note } }),
    onSettled: () => client.invalidateQueries({ queryKey: reconciliationKeys.run(runId) }),
  });
}
