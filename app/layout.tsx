import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

// Every page renders per request, the not-found page and the `/` redirect too: the CSP nonce
// (proxy.ts) is new each time, and a page prerendered at build time would carry no nonce, so its
// scripts would be blocked.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'Tillpoint',
  description: 'Self-hostable payments: gateway, risk, ledger, settlement and monitoring.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
