'use client';

import Link from 'next/link';
import { useRef, useState, type FormEvent } from 'react';
import { formatDateTime } from '@/components/dates';
import { useImportReport, useReconciliationRuns, type ImportResult, type ReconciliationRun } from '@/components/hooks/reconciliation';
import { useCan } from '@/components/layout/current-user';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/card';
import { apiErrorMessage } from '@/components/ui/api-error-message';
import { QueryState } from '@/components/ui/query-state';
import { SectionHeader } from '@/components/ui/section-header';
import { EmptyState, Notice } from '@/components/ui/states';
import { Table, Td } from '@/components/ui/table';
import { useRowLink } from '@/components/ui/use-row-link';
import { plural, todayUtc } from './labels';

export function ReconciliationView() {
  const canImport = useCan('payouts:create');
  const today = todayUtc();
  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="Import a processor’s settlement report and check every line against Tillpoint’s ledger."
        actions={
          <a
            href={`/api/v1/test_helpers/processor_report?date=${today}`}
            download={`processor-report-${today}.csv`}
            className="inline-flex items-center rounded-md bg-white px-3.5 py-2 text-sm font-medium text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Download today’s processor report
          </a>
        }
      />
      <div className="space-y-10">
        {canImport && <ImportCard />}
        <RunsSection />
      </div>
    </>
  );
}

function ImportCard() {
  const importReport = useImportReport();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [readError, setReadError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    setReadError(null);
    let text: string;
    try {
      text = await file.text();
    } catch {
      setReadError('The file could not be read. Choose it again.');
      return;
    }
    importReport.mutate(
      { name: file.name, text },
      {
        onSuccess: () => {
          setFile(null);
          if (inputRef.current) inputRef.current.value = '';
        },
      },
    );
  }

  return (
    <section aria-labelledby="import-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="import-heading" className="text-base font-semibold text-slate-900">
        Import a report
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        A CSV with the columns <code className="rounded bg-slate-100 px-1 text-xs">date, processor_reference, type, amount, fee, currency</code>. A file with a
        malformed line is rejected whole; importing the same file twice does nothing.
      </p>
      <form onSubmit={submit} className="mt-4 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="report-file" className="mb-1 block text-sm font-medium text-slate-700">
            Processor report (CSV)
          </label>
          <input
            ref={inputRef}
            id="report-file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              importReport.reset();
            }}
            className="block text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200"
          />
        </div>
        <Button type="submit" disabled={!file || importReport.isPending}>
          {importReport.isPending ? 'Importing…' : 'Import'}
        </Button>
      </form>
      <div className="mt-4 empty:hidden">
        {readError && <Notice tone="error">{readError}</Notice>}
        {importReport.isError && (
          <Notice tone="error">
            <span className="whitespace-pre-line">
              {apiErrorMessage(importReport.error)}
            </span>
          </Notice>
        )}
        {importReport.isSuccess && <ImportOutcome result={importReport.data} />}
      </div>
    </section>
  );
}

function ImportOutcome({ result }: { result: ImportResult }) {
  const link = (
    <Link href={`/reconciliation/${result.id}`} className="font-medium underline">
      View run
    </Link>
  );
  if (result.duplicate) {
    return (
      <Notice tone="info">
        This report was already imported on {formatDateTime(result.created)}: nothing new was recorded. {link}
      </Notice>
    );
  }
  const breaks = result.summary.breaks;
  return (
    <Notice tone={breaks === 0 ? 'success' : 'error'}>
      Imported {result.filename ?? 'the report'}: {plural(result.line_count, 'line')}, {result.summary.matched.count} matched, {plural(breaks, 'break')}. {link}
    </Notice>
  );
}

function RunsSection() {
  const runs = useReconciliationRuns();
  return (
    <section aria-labelledby="runs-heading">
      <SectionHeader id="runs-heading" title="Runs" />
      <QueryState
        query={runs}
        loading="Loading reconciliation runs…"
        empty={<EmptyState title="No reconciliations yet">Import a processor report to check it against your ledger.</EmptyState>}
      >
        {({ data }) => <RunsTable runs={data} />}
      </QueryState>
    </section>
  );
}

function RunsTable({ runs }: { runs: ReconciliationRun[] }) {
  const rowLink = useRowLink();
  return (
    <Table label="Reconciliation runs" columns={['Imported', 'File', 'Report dates', { label: 'Lines', className: 'text-right' }, { label: 'Matched', className: 'text-right' }, { label: 'Breaks', className: 'text-right' }, 'Imported by']}>
      {runs.map((run) => {
        const href = `/reconciliation/${run.id}`;
        const { date_from: from, date_to: to } = run.summary;
        return (
          <tr key={run.id} {...rowLink(href)}>
            <Td>
              <Link href={href} className="font-medium text-indigo-600 hover:text-indigo-500 hover:underline">
                {formatDateTime(run.created)}
              </Link>
            </Td>
            <Td className="max-w-48 truncate" title={run.filename ?? undefined}>{run.filename ?? <span className="text-slate-400">Unnamed</span>}</Td>
            <Td>{from ? (from === to ? from : `${from} – ${to}`) : '—'}</Td>
            <Td className="text-right tabular-nums">{run.line_count}</Td>
            <Td className="text-right tabular-nums">{run.summary.matched.count}</Td>
            <Td className={`text-right font-medium tabular-nums ${run.summary.breaks > 0 ? 'text-rose-700' : 'text-emerald-700'}`}>{run.summary.breaks}</Td>
            <Td className="text-slate-600">
              <span className="block max-w-[9rem] truncate" title={run.created_by}>
                {run.created_by}
              </span>
            </Td>
          </tr>
        );
      })}
    </Table>
  );
}
