import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { currentUser } from '@/lib/http/current-user';
import { safeNextPath } from '@/lib/security/next-path';

export const dynamic = 'force-dynamic';

export const metadata = { title: 'Sign in · Tillpoint' };

type DemoLogin = { role: string; email: string; password: string };

/** The demo's seeded logins (scripts/demo.ts sets TILLPOINT_DEMO_LOGINS); never shown in live mode. */
function demoLogins(): DemoLogin[] {
  const raw = process.env.TILLPOINT_DEMO_LOGINS;
  if (!raw || process.env.TILLPOINT_MODE === 'live') return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((l): l is DemoLogin => typeof l?.email === 'string' && typeof l?.password === 'string') : [];
  } catch {
    return [];
  }
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only same-site paths: never bounce a user to another origin after sign-in.
  const target = safeNextPath(next);
  if (await currentUser()) redirect(target);
  const logins = demoLogins();
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="mb-1 text-center text-2xl font-semibold tracking-tight text-indigo-700">Tillpoint</h1>
        <p className="mb-6 text-center text-sm text-slate-600">Sign in to your merchant dashboard</p>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <LoginForm next={target} />
        </div>
        {logins.length > 0 && (
          <section aria-label="Demo logins" className="mt-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            <p className="font-medium">This is the Tillpoint demo. Sign in as:</p>
            <dl className="mt-1 space-y-1">
              {logins.map((login) => (
                <div key={login.email} className="flex flex-wrap gap-x-2">
                  <dt className="capitalize">{login.role}</dt>
                  <dd className="font-mono text-xs leading-5">
                    {login.email} / {login.password}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        )}
      </div>
    </main>
  );
}
