'use client';

import { useState, type FormEvent } from 'react';
import { formatDate } from '@/components/dates';
import { useAddListEntry, useRemoveListEntry, useRiskLists, type RiskListEntry } from '@/components/hooks/risk';
import { apiErrorMessage, fieldErrorOf } from '@/components/ui/api-error-message';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SelectField, TextField } from '@/components/ui/field';
import { QueryState } from '@/components/ui/query-state';
import { SectionHeader } from '@/components/ui/section-header';
import { EmptyState, Notice } from '@/components/ui/states';
import { actionsColumn, Table, Td } from '@/components/ui/table';

const listOptions = [
  { value: 'block', label: 'Block list' },
  { value: 'allow', label: 'Allow list' },
];
const kindOptions: { value: RiskListEntry['kind']; label: string }[] = [
  { value: 'email', label: 'Email' },
  { value: 'customer_id', label: 'Customer ID' },
  { value: 'card_fingerprint', label: 'Card fingerprint' },
  { value: 'ip_address', label: 'IP address' },
];
const kindLabel = (kind: string) => kindOptions.find((k) => k.value === kind)?.label ?? kind;

/** Customers, cards, emails and addresses that are always blocked or always let through. */
export function ListsSection() {
  const lists = useRiskLists();
  const remove = useRemoveListEntry();
  const [removing, setRemoving] = useState<RiskListEntry | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; message: string } | null>(null);
  const count = lists.data?.data.length;

  return (
    <section aria-labelledby="risk-lists-heading">
      <SectionHeader
        id="risk-lists-heading"
        title={count === undefined ? 'Block and allow lists' : `Block and allow lists (${count})`}
        description="A blocked match refuses the payment whatever its score; an allowed one skips the rules."
        notice={notice}
      />
      <AddEntryForm onAdded={(entry) => setNotice({ tone: 'success', message: `Added ${entry.value} to the ${entry.list} list.` })} />
      <QueryState query={lists} loading="Loading lists…" empty={<EmptyState title="No list entries yet" />}>
        {({ data }) => (
          <Table label="Block and allow lists" columns={['List', 'Kind', 'Value', 'Reason', 'Added', actionsColumn]}>
            {data.map((entry) => (
              <tr key={entry.id}>
                <Td>
                  <Badge tone={entry.list === 'block' ? 'red' : 'green'}>{entry.list === 'block' ? 'Block' : 'Allow'}</Badge>
                </Td>
                <Td>{kindLabel(entry.kind)}</Td>
                <Td className="max-w-[14rem] truncate font-mono text-xs" title={entry.value}>
                  {entry.value}
                </Td>
                <Td className="max-w-[12rem] truncate" title={entry.reason ?? undefined}>
                  {entry.reason ?? '—'}
                </Td>
                <Td>
                  {formatDate(entry.created)}
                  <span className="block max-w-[11rem] truncate text-xs text-slate-500" title={entry.created_by}>
                    {entry.created_by}
                  </span>
                </Td>
                <Td className="text-right">
                  <Button size="sm" variant="secondary" onClick={() => setRemoving(entry)} aria-label={`Remove ${entry.value}`}>
                    Remove
                  </Button>
                </Td>
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
      <ConfirmDialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        mutation={remove}
        input={removing ?? undefined}
        confirm={(entry: RiskListEntry) => ({
          title: 'Remove this entry?',
          body: `${kindLabel(entry.kind)} ${entry.value} comes off the ${entry.list} list; its payments are scored normally again.`,
          action: 'Remove entry',
          pending: 'Removing…',
          tone: 'danger',
        })}
        onDone={(_, entry) => setNotice({ tone: 'success', message: `Removed ${entry.value} from the ${entry.list} list.` })}
      />
    </section>
  );
}

function AddEntryForm({ onAdded }: { onAdded: (entry: RiskListEntry) => void }) {
  const add = useAddListEntry();
  const [list, setList] = useState<RiskListEntry['list']>('block');
  const [kind, setKind] = useState<RiskListEntry['kind']>('email');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(
      { list, kind, value, reason: reason.trim() || undefined },
      {
        onSuccess: (entry) => {
          setValue('');
          setReason('');
          onAdded(entry);
        },
      },
    );
  }

  const unclaimed = add.error && !fieldErrorOf(add.error, 'value');
  return (
    <form onSubmit={submit} aria-label="Add a list entry" className="mb-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="grid grid-cols-[9rem_10rem_minmax(0,1fr)_minmax(0,1fr)_auto] items-start gap-3">
        <SelectField label="List" value={list} onChange={(e) => setList(e.target.value as RiskListEntry['list'])} options={listOptions} />
        <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as RiskListEntry['kind'])} options={kindOptions} />
        <TextField label="Value" value={value} required onChange={(e) => setValue(e.target.value)} error={fieldErrorOf(add.error, 'value')} />
        <TextField label="Reason (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
        <Button type="submit" className="mt-6" disabled={add.isPending || value.trim() === ''}>
          {add.isPending ? 'Adding…' : 'Add entry'}
        </Button>
      </div>
      {unclaimed && (
        <div className="mt-3">
          <Notice tone="error">{apiErrorMessage(add.error)}</Notice>
        </div>
      )}
    </form>
  );
}
