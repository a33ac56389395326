'use client';

import { createContext, useContext, type ReactNode } from 'react';
import type { CurrentUser } from '@/lib/http/current-user';
import type { Permission } from '@/lib/security/permissions';

const UserContext = createContext<CurrentUser | null>(null);

export function CurrentUserProvider({ user, children }: { user: CurrentUser; children: ReactNode }) {
  return <UserContext.Provider value={user}>{children}</UserContext.Provider>;
}

export function useCurrentUser(): CurrentUser {
  const user = useContext(UserContext);
  if (!user) throw new Error('useCurrentUser outside the dashboard layout');
  return user;
}

/** The UI hides what a role cannot do; the API enforces it regardless. */
export function useCan(permission: Permission): boolean {
  return useCurrentUser().permissions.includes(permission);
}
