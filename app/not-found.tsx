import Link from 'next/link';

export const metadata = { title: 'Page not found · Tillpoint' };

// Our own, because Next.js's built-in 404 page brings an inline <style> element without the CSP
// nonce, which the pages' policy (proxy.ts) blocks.
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="text-center">
        <p className="text-sm font-semibold text-indigo-700">404</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">Page not found</h1>
        <p className="mt-2 text-sm text-slate-600">There is nothing at this address.</p>
        <Link href="/overview" className="mt-6 inline-block text-sm font-medium text-indigo-700 hover:underline">
          Go to the overview
        </Link>
      </div>
    </main>
  );
}
