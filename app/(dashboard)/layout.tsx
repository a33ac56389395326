import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { CurrentUserProvider } from '@/components/layout/current-user';
import { Sidebar } from '@/components/layout/sidebar';
import { Providers } from '@/components/providers';
import { currentUser } from '@/lib/http/current-user';

export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect('/login');
  return (
    <Providers>
      <CurrentUserProvider user={user}>
        <div className="flex min-h-screen">
          <Sidebar user={user} />
          <main className="min-w-0 flex-1 px-8 py-8">{children}</main>
        </div>
      </CurrentUserProvider>
    </Providers>
  );
}
