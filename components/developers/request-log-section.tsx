'use client';

import { useState } from 'react';
import { useApiKeys, useRequestLogs, type ApiKey } from '@/components/hooks/developers';
import { Badge, type Tone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { LoadMore } from '@/components/ui/load-more';
import { SelectField } from '@/components/ui/field';
import { QueryState } from '@/components/ui/query-state';
import { SectionHeader } from '@/components/ui/section-header';
import { EmptyState } from '@/components/ui/states';
import { Table, Td } from '@/components/ui/table';
import { keyName } from './api-keys-section';

const LIMIT = 200;
const PAGE = 25;

type CallerFilter = 'all' | 'api_key' | 'dashboard';
const callerFilters: { value: CallerFilter; label: string }[] = [
  { value: 'all', label: 'All callers' },
  { value: 'api_key', label: 'API keys' },
  { value: 'dashboard', label: 'Dashboard users' },
];
// Calls made with a key are logged under the key's id; signed-in people under their email.
const isKeyCall = (actor: string) => actor.startsWith('key_');
const timeOnly = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const full = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium' });

/** Today's calls by the second; older ones by the minute with their date. */
function logTime(iso: string): string {
  const at = new Date(iso);
  return at.toDateString() === new Date().toDateString() ? timeOnly.format(at) : dayAndTime.format(at);
}

function statusTone(status: number): Tone {
  if (status >= 500) return 'red';
  if (status >= 400) return 'amber';
  if (status >= 200 && status < 300) return 'green';
  return 'slate';
}

/** Calls made with a key are logged under the key's id; show the name people gave it. */
function actorLabel(actor: string, keys: Map<string, ApiKey>): { label: string; detail?: string } {
  const key = keys.get(actor);
  return key ? { label: keyName(key), detail: key.redacted } : { label: actor };
}

export function RequestLogSection() {
  const logs = useRequestLogs(LIMIT);
  const keys = useApiKeys();
  const byId = new Map((keys.data?.data ?? []).map((k) => [k.id, k]));
  const [caller, setCaller] = useState<CallerFilter>('all');
  const [shown, setShown] = useState(PAGE);
  const matching = (logs.data?.data ?? []).filter((e) => caller === 'all' || isKeyCall(e.actor) === (caller === 'api_key'));
  const entries = matching.slice(0, shown);

  return (
    <section aria-labelledby="request-log-heading">
      <SectionHeader
        id="request-log-heading"
        title="Request log"
        description={`Recent calls to the API, newest first: every call made with your keys, and every change people made in this dashboard (its own page loads are not listed). Kept for 7 days.`}
        actions={
          <div className="flex items-end gap-2">
            <SelectField
              label="Caller"
              className="w-44"
              value={caller}
              options={callerFilters}
              onChange={(e) => {
                setCaller(e.target.value as CallerFilter);
                setShown(PAGE);
              }}
            />
            <Button variant="secondary" className="h-9" onClick={() => logs.refetch()} disabled={logs.isFetching}>
              {logs.isFetching && !logs.isPending ? 'Refreshing…' : 'Refresh'}
            </Button>
          </div>
        }
      />
      <QueryState
        query={logs}
        loading="Loading request log…"
        isEmpty={() => entries.length === 0}
        empty={
          <EmptyState title={caller === 'all' ? 'No API calls yet' : `No calls from ${caller === 'api_key' ? 'API keys' : 'dashboard users'} among the last ${LIMIT}`}>
            Calls made with your keys show up here within a second or two.
          </EmptyState>
        }
      >
        {() => (
          <>
            <Table label="Request log" columns={['Time', 'Request', 'Status', { label: 'Duration', className: 'text-right' }, 'Caller', 'Error']}>
              {entries.map((entry) => {
                const actor = actorLabel(entry.actor, byId);
                return (
                  <tr key={entry.id}>
                    <Td className="tabular-nums text-slate-500">
                      <time dateTime={entry.created} title={full.format(new Date(entry.created))}>
                        {logTime(entry.created)}
                      </time>
                    </Td>
                    <Td className="max-w-[19rem]">
                      <span className="flex items-baseline gap-2">
                        <span className="w-12 shrink-0 font-mono text-xs font-semibold text-slate-500">{entry.method}</span>
                        <span className="truncate font-mono text-xs text-slate-900" title={entry.path}>
                          {entry.path}
                        </span>
                      </span>
                    </Td>
                    <Td>
                      <Badge tone={statusTone(entry.status)}>{entry.status}</Badge>
                    </Td>
                    <Td className="text-right tabular-nums">{entry.duration_ms} ms</Td>
                    <Td className="max-w-[13rem] truncate" title={actor.detail ? `${actor.label} (${actor.detail}, ${entry.actor})` : entry.actor}>
                      {actor.label}
                    </Td>
                    <Td className="font-mono text-xs">{entry.error_code ?? <span className="text-slate-300">—</span>}</Td>
                  </tr>
                );
              })}
            </Table>
            {/* The last LIMIT calls are loaded at once; they are shown a page at a time. */}
            <LoadMore
              query={{ hasNextPage: matching.length > shown, isFetchingNextPage: false, fetchNextPage: () => setShown((n) => n + PAGE) }}
              shown={entries.length}
              noun={['call', 'calls']}
            />
          </>
        )}
      </QueryState>
    </section>
  );
}
