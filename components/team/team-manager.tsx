'use client';

import { useState } from 'react';
import { formatDate } from '@/components/dates';
import { useChangeRole, useRemoveUser, useTeam, type TeamMember } from '@/components/hooks/team';
import { useCurrentUser } from '@/components/layout/current-user';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { apiErrorMessage } from '@/components/ui/api-error-message';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { QueryState } from '@/components/ui/query-state';
import { Options } from '@/components/ui/field';
import { EmptyState, Notice } from '@/components/ui/states';
import { actionsColumn, Table, Td } from '@/components/ui/table';
import type { Role } from '@/lib/security/permissions';
import { AddUserForm } from './add-user-form';
import { roleLabel, roleOptions } from './roles';

type Result = { tone: 'success' | 'error'; message: string };

export function TeamManager() {
  const me = useCurrentUser();
  const team = useTeam();
  const changeRole = useChangeRole();
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  function change(user: TeamMember, role: Role) {
    setResult(null);
    changeRole.mutate(
      { id: user.id, role },
      {
        onSuccess: (updated) => {
          // Your own role changed: reload so the menu and this page match what you may do now.
          if (updated.email === me.email) window.location.reload();
          else setResult({ tone: 'success', message: `${updated.email}’s role is now ${roleLabel(updated.role)}.` });
        },
        onError: (error) => setResult({ tone: 'error', message: `Couldn’t change ${user.email}’s role: ${apiErrorMessage(error)}` }),
      },
    );
  }

  return (
    <>
      <PageHeader title="Team" description={`People who can sign in to ${me.merchantName}, and what each of them can do.`} />
      <div className="space-y-6">
        <section aria-labelledby="members-heading">
          <h2 id="members-heading" className="sr-only">
            Members
          </h2>
          {result && (
            <div className="mb-3">
              <Notice tone={result.tone}>{result.message}</Notice>
            </div>
          )}
          <QueryState query={team} loading="Loading team…" empty={<EmptyState title="No users yet" />}>
            {({ data }) => (
              <Table label="Team members" columns={['Email', { label: 'Role', className: 'w-56' }, 'Added', actionsColumn]}>
                {data.map((user) => {
                  const isMe = user.email === me.email;
                  const pending = changeRole.isPending && changeRole.variables?.id === user.id;
                  return (
                    <tr key={user.id}>
                      <Td className="font-medium text-slate-900">
                        <span className="inline-flex items-center gap-2">
                          {user.email}
                          {isMe && <Badge tone="blue">You</Badge>}
                        </span>
                      </Td>
                      <Td className="py-2">
                        <select
                          aria-label={`Role for ${user.email}`}
                          value={pending ? changeRole.variables!.role : user.role}
                          disabled={pending}
                          onChange={(e) => change(user, e.target.value as Role)}
                          className="block w-44 rounded-md border-0 bg-white py-1.5 pl-2.5 pr-8 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 disabled:opacity-60"
                        >
                          <Options options={roleOptions} />
                        </select>
                      </Td>
                      <Td className="text-slate-500">{formatDate(user.created)}</Td>
                      <Td className="w-px py-2 text-right">
                        {!isMe && (
                          <Button
                            variant="secondary"
                            size="sm"
                            aria-label={`Remove ${user.email}`}
                            onClick={() => {
                              setResult(null);
                              setRemoving(user);
                            }}
                          >
                            Remove
                          </Button>
                        )}
                      </Td>
                    </tr>
                  );
                })}
              </Table>
            )}
          </QueryState>
        </section>

        <div className="grid gap-6 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <AddUserForm />
          </div>
          <Card title="Roles">
            <dl className="space-y-3 text-sm">
              {roleOptions.map((r) => (
                <div key={r.value}>
                  <dt className="font-medium text-slate-900">{r.label}</dt>
                  <dd className="text-slate-500">{r.description}</dd>
                </div>
              ))}
            </dl>
          </Card>
        </div>
      </div>
      <RemoveUserDialog
        user={removing}
        merchantName={me.merchantName}
        onClose={() => setRemoving(null)}
        onRemoved={(user) => {
          setRemoving(null);
          setResult({ tone: 'success', message: `Removed ${user.email}. They can no longer sign in.` });
        }}
      />
    </>
  );
}

function RemoveUserDialog({ user, merchantName, onClose, onRemoved }: { user: TeamMember | null; merchantName: string; onClose: () => void; onRemoved: (u: TeamMember) => void }) {
  const remove = useRemoveUser();
  return (
    <ConfirmDialog open={user !== null} onClose={onClose} mutation={remove} input={user?.id}
      confirm={() => ({
        title: 'Remove this user?',
        body: (
          <p>
            <span className="font-medium text-slate-900">{user!.email}</span> loses access to {merchantName} immediately, including any session they have open,
            and the API keys they made are revoked. What they did stays in the payment timelines and logs.
          </p>
        ),
        action: 'Remove user',
        pending: 'Removing…',
        tone: 'danger',
      })}
      onDone={() => onRemoved(user!)}
    />
  );
}
