'use client';

import { useState, type FormEvent } from 'react';
import { formatDateTime } from '@/components/dates';
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type ApiKey } from '@/components/hooks/developers';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog, DialogActions } from '@/components/ui/confirm-dialog';
import { SelectField, TextField } from '@/components/ui/field';
import { QueryState } from '@/components/ui/query-state';
import { SectionHeader } from '@/components/ui/section-header';
import { EmptyState } from '@/components/ui/states';
import { actionsColumn, Table, Td } from '@/components/ui/table';
import { roleLabel, roleOptions } from '@/components/team/roles';
import { roleWithin, rolesWithin, type Role } from '@/lib/security/permissions';
import { OnlyOnceSecret, SecretCopy } from './secret-copy';

export const keyName = (key: Pick<ApiKey, 'name'>) => key.name ?? 'Untitled key';

/** `role` is the signed-in user's: new keys may have it or a narrower one, never more. */
export function ApiKeysSection({ role }: { role: Role }) {
  const keys = useApiKeys();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section aria-labelledby="api-keys-heading">
      <SectionHeader
        id="api-keys-heading"
        title="API keys"
        description="Secret keys authenticate your server with the Tillpoint API. Keep them out of browsers and source control."
        actions={
          <Button
            onClick={() => {
              setNotice(null);
              setCreating(true);
            }}
          >
            Create key
          </Button>
        }
        notice={notice ? { tone: 'success', message: notice } : null}
      />
      <QueryState query={keys} loading="Loading API keys…" empty={<EmptyState title="No API keys yet">Create a key to call the API from your server.</EmptyState>}>
        {({ data }) => (
          <Table label="API keys" columns={['Name', 'Key', 'Role', 'Created', 'Last used', 'Status', actionsColumn]}>
            {data.map((key) => (
              <tr key={key.id} className={key.revoked ? 'text-slate-400' : undefined}>
                <Td className={`font-medium ${key.revoked ? 'text-slate-500' : 'text-slate-900'}`}>{keyName(key)}</Td>
                <Td className="font-mono text-xs">{key.redacted}</Td>
                <Td>{roleLabel(key.role)}</Td>
                <Td>
                  {formatDateTime(key.created)}
                  <span className="block text-xs text-slate-500">by {key.created_by ?? 'the CLI'}</span>
                </Td>
                <Td>{key.last_used ? formatDateTime(key.last_used) : 'Never'}</Td>
                <Td>
                  {key.revoked ? (
                    <span title={`Revoked ${formatDateTime(key.revoked)}`}>
                      <Badge tone="slate">Revoked</Badge>
                    </span>
                  ) : (
                    <Badge tone="green">Active</Badge>
                  )}
                </Td>
                <Td className="w-px text-right">
                  {!key.revoked && roleWithin(key.role, role) && (
                    <Button
                      variant="secondary"
                      size="sm"
                      aria-label={`Revoke ${keyName(key)}`}
                      onClick={() => {
                        setNotice(null);
                        setRevoking(key);
                      }}
                    >
                      Revoke
                    </Button>
                  )}
                </Td>
              </tr>
            ))}
          </Table>
        )}
      </QueryState>
      <CreateKeyDialog open={creating} role={role} onClose={() => setCreating(false)} />
      <RevokeKeyDialog
        apiKey={revoking}
        onClose={() => setRevoking(null)}
        onRevoked={(key) => {
          setRevoking(null);
          setNotice(`Revoked ${keyName(key)} (${key.redacted}). Calls with it now fail with api_key_revoked.`);
        }}
      />
    </section>
  );
}

function CreateKeyDialog({ open, role, onClose }: { open: boolean; role: Role; onClose: () => void }) {
  const create = useCreateApiKey();
  return (
    // The secret leaves memory with the dialog: it is never shown again.
    <ConfirmDialog open={open} onClose={onClose} mutation={create}
      form={{ title: 'Create a secret key', render: ({ submit, close }) => <CreateKeyForm role={role} busy={create.isPending} onSubmit={submit} onCancel={close} /> }}
      result={{
        title: 'Save your secret key',
        render: (created) => (
          <>
            <OnlyOnceSecret title="This is the only time the secret is shown.">
              Copy it now and keep it somewhere safe, like your server’s secret manager. If you lose it, create a new key and revoke this one.
            </OnlyOnceSecret>
            <SecretCopy secret={created.secret} />
            <p className="text-sm text-slate-600">
              <span className="font-medium text-slate-900">{keyName(created)}</span> is active now, with the {roleLabel(created.role)} role.
            </p>
          </>
        ),
      }}
    />
  );
}

function CreateKeyForm({ role, busy, onSubmit, onCancel }: { role: Role; busy: boolean; onSubmit: (input: { name?: string; role: Role }) => void; onCancel: () => void }) {
  const allowed = rolesWithin(role);
  const [keyRole, setKeyRole] = useState<Role>(role);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    onSubmit({ name: name || undefined, role: keyRole });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <TextField label="Name" name="name" maxLength={100} autoFocus placeholder="e.g. Production server" hint="Optional. Helps you tell keys apart later." />
      <SelectField
        label="Role"
        name="role"
        value={keyRole}
        onChange={(e) => setKeyRole(e.target.value as Role)}
        options={roleOptions.filter((r) => allowed.includes(r.value)).map((r) => ({ value: r.value, label: r.label }))}
        hint={`${roleOptions.find((r) => r.value === keyRole)?.description ?? ''} Your role or a narrower one; give each integration the least it needs.`}
      />
      <DialogActions onCancel={onCancel}>
        <Button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </Button>
      </DialogActions>
    </form>
  );
}

function RevokeKeyDialog({ apiKey, onClose, onRevoked }: { apiKey: ApiKey | null; onClose: () => void; onRevoked: (key: ApiKey) => void }) {
  const revoke = useRevokeApiKey();
  return (
    <ConfirmDialog open={apiKey !== null} onClose={onClose} mutation={revoke} input={apiKey?.id}
      confirm={() => ({
        title: 'Revoke this key?',
        body: (
          <p>
            Anything using <span className="font-medium text-slate-900">{keyName(apiKey!)}</span> <span className="font-mono text-xs">({apiKey!.redacted})</span> stops
            working immediately: its calls get a 401. This can’t be undone.
          </p>
        ),
        action: 'Revoke key',
        pending: 'Revoking…',
        tone: 'danger',
      })}
      onDone={onRevoked}
    />
  );
}
