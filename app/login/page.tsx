import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { currentUser } from '@/lib/http/current-user';
import { safeNextPath } from '@/lib/security/next-path';

export const dynamic = 'force-dynamic';

export const metadata = { title: 'Sign in · Tillpoint' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only same-site paths: never bounce a user to another origin after sign-in.
  const target = safeNextPath(next);
  if (await currentUser()) redirect(target);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-center text-2xl font-semibold tracking-tight text-indigo-700">Tillpoint</h1>
        <p className="mb-6 text-center text-sm text-slate-600">Sign in to your merchant dashboard</p>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <LoginForm next={target} />
        </div>
      </div>
    </main>
  );
}
