'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, type BodyOf, type ItemOf } from '@/components/api';
import type { Role } from '@/lib/security/permissions';

// The type comes from the API's own schema (the typed client), so the dashboard cannot drift from it.
export type TeamMember = ItemOf<'GET /team'>;

export const teamKeys = { all: ['team'] as const };

export function useTeam() {
  return useQuery({
    queryKey: teamKeys.all,
    queryFn: () => call('GET /team'),
  });
}

function useTeamMutation<V, R>(mutationFn: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => client.invalidateQueries({ queryKey: teamKeys.all }) });
}

export function useAddUser() {
  return useTeamMutation((input: BodyOf<'POST /team'>) => call('POST /team', { body: input }));
}

export function useChangeRole() {
  return useTeamMutation((input: { id: string; role: Role }) =>
    call('POST /team/{id}', { params: { id: input.id }, body: { role: input.role } }),
  );
}

export function useRemoveUser() {
  return useTeamMutation((id: string) => call('DELETE /team/{id}', { params: { id } }));
}
