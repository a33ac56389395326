'use client';

import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/components/api';
import { formatDateTime } from '@/components/dates';
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type ApiKey, type CreatedApiKey } from '@/components/hooks/developers';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { SelectField, TextField } from '@/components/ui/field';
import { EmptyState, ErrorState, Loading, Notice } from '@/components/ui/states';
import { Table, Td, Th } from '@/components/ui/table';
import { roleLabel, roleOptions } from '@/components/team/roles';
import { roleWithin, rolesWithin, type Role } from '@/lib/security/permissions';
import { SecretCopy } from './secret-copy';
import { SectionHeader } from './section-header';

const message = (error: unknown) => (error instanceof ApiRequestError ? error.message : 'Could not reach Tillpoint. Check your connection and try again.');
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
      />
      {notice && (
        <div className="mb-3">
          <Notice tone="success">{notice}</Notice>
        </div>
      )}
      {keys.isPending ? (
        <Loading label="Loading API keys…" />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
      ) : keys.data.data.length === 0 ? (
        <EmptyState title="No API keys yet">Create a key to call the API from your server.</EmptyState>
      ) : (
        <Table label="API keys">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Key</Th>
              <Th>Role</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>Status</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.data.data.map((key) => (
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
          </tbody>
        </Table>
      )}
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
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const allowed = rolesWithin(role);
  const [keyRole, setKeyRole] = useState<Role>(role);

  function close() {
    // The secret leaves memory with the dialog: it is never shown again.
    setCreated(null);
    setKeyRole(role);
    create.reset();
    onClose();
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '').trim();
    create.mutate({ name: name || undefined, role: keyRole }, { onSuccess: setCreated });
  }

  return (
    <Dialog open={open} onClose={close} title={created ? 'Save your secret key' : 'Create a secret key'}>
      {created ? (
        <div className="space-y-4">
          <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <p className="font-medium">This is the only time the secret is shown.</p>
            <p className="mt-0.5">Copy it now and keep it somewhere safe, like your server’s secret manager. If you lose it, create a new key and revoke this one.</p>
          </div>
          <SecretCopy secret={created.secret} />
          <p className="text-sm text-slate-600">
            <span className="font-medium text-slate-900">{keyName(created)}</span> is active now, with the {roleLabel(created.role)} role.
          </p>
          <div className="flex justify-end">
            <Button onClick={close}>Done</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          <TextField label="Name" name="name" maxLength={100} autoFocus placeholder="e.g. Production server" hint="Optional. Helps you tell keys apart later." />
          <SelectField
            className="mt-4"
            label="Role"
            name="role"
            value={keyRole}
            onChange={(e) => setKeyRole(e.target.value as Role)}
            options={roleOptions.filter((r) => allowed.includes(r.value)).map((r) => ({ value: r.value, label: r.label }))}
            hint={`${roleOptions.find((r) => r.value === keyRole)?.description ?? ''} Your role or a narrower one; give each integration the least it needs.`}
          />
          {create.isError && (
            <div className="mt-4">
              <Notice tone="error">{message(create.error)}</Notice>
            </div>
          )}
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? 'Creating…' : 'Create key'}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function RevokeKeyDialog({ apiKey, onClose, onRevoked }: { apiKey: ApiKey | null; onClose: () => void; onRevoked: (key: ApiKey) => void }) {
  const revoke = useRevokeApiKey();
  function close() {
    revoke.reset();
    onClose();
  }
  return (
    <Dialog open={apiKey !== null} onClose={close} title="Revoke this key?">
      {apiKey && (
        <>
          <p className="text-sm text-slate-600">
            Anything using <span className="font-medium text-slate-900">{keyName(apiKey)}</span>{' '}
            <span className="font-mono text-xs">({apiKey.redacted})</span> stops working immediately: its calls get a 401. This can’t be
            undone.
          </p>
          {revoke.isError && (
            <div className="mt-4">
              <Notice tone="error">{message(revoke.error)}</Notice>
            </div>
          )}
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={revoke.isPending}
              onClick={() =>
                revoke.mutate(apiKey.id, {
                  onSuccess: (key) => {
                    revoke.reset();
                    onRevoked(key);
                  },
                })
              }
            >
              {revoke.isPending ? 'Revoking…' : 'Revoke key'}
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}
