'use client';

import { PageHeader } from '@/components/ui/card';
import { ApiKeysSection } from './api-keys-section';
import { EventsSection } from './events-section';
import { RequestLogSection } from './request-log-section';
import { WebhooksSection } from './webhooks-section';

export function DevelopersConsole() {
  return (
    <>
      <PageHeader title="Developers" description="Keys for the Tillpoint API, webhooks and events, and a log of the calls made to it. Test mode: keys start with sk_test_." />
      <div className="space-y-10">
        <ApiKeysSection />
        <WebhooksSection />
        <EventsSection />
        <RequestLogSection />
      </div>
    </>
  );
}
