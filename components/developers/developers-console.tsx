'use client';

import Link from 'next/link';
import { PageHeader } from '@/components/ui/card';
import type { Role } from '@/lib/security/permissions';
import { ApiKeysSection } from './api-keys-section';
import { EventsSection } from './events-section';
import { RequestLogSection } from './request-log-section';
import { WebhooksSection } from './webhooks-section';

/** `role` is the signed-in user's: it bounds the roles offered for new keys. */
export function DevelopersConsole({ role }: { role: Role }) {
  return (
    <>
      <PageHeader
        title="Developers"
        description="Keys for the Tillpoint API, webhooks and events, and a log of the calls made to it. Test mode: keys start with sk_test_."
        actions={
          <Link href="/developers/api-reference" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
            API reference
          </Link>
        }
      />
      <div className="space-y-10">
        <ApiKeysSection role={role} />
        <WebhooksSection />
        <EventsSection />
        <RequestLogSection />
      </div>
    </>
  );
}
