'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type List } from '@/components/api';
import type { serializeUser } from '@/lib/merchants/team';
import type { Role } from '@/lib/security/permissions';

// The type comes from the serializer the API itself uses, so the dashboard cannot drift from it.
export type TeamMember = ReturnType<typeof serializeUser>;

export const teamKeys = { all: ['team'] as const };

export function useTeam() {
  return useQuery({
    queryKey: teamKeys.all,
    queryFn: () => api<List<TeamMember>>('/team'),
  });
}

function useTeamMutation<V, R>(mutationFn: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => client.invalidateQueries({ queryKey: teamKeys.all }) });
}

export function useAddUser() {
  return useTeamMutation((input: { email: string; password: string; role: Role }) =>
    api<TeamMember>('/team', { method: 'POST', body: input }),
  );
}

export function useChangeRole() {
  return useTeamMutation((input: { id: string; role: Role }) =>
    api<TeamMember>(`/team/${encodeURIComponent(input.id)}`, { method: 'POST', body: { role: input.role } }),
  );
}

export function useRemoveUser() {
  return useTeamMutation((id: string) => api<{ id: string; deleted: true }>(`/team/${encodeURIComponent(id)}`, { method: 'DELETE' }));
}
