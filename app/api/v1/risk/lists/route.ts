import { apiRoute } from '@/lib/http/route';
import { addListEntry, listEntries, listEntriesQuery, listEntryBody, serializeListEntry } from '@/lib/risk/lists';

export const GET = apiRoute({ permission: 'payments:read', query: listEntriesQuery }, async ({ db, merchantId, query }) => ({
  object: 'list',
  data: (await listEntries(db, merchantId, query)).map(serializeListEntry),
  has_more: false,
}));

export const POST = apiRoute({ permission: 'risk:manage', body: listEntryBody, status: 201 }, async ({ db, merchantId, principal, body }) =>
  serializeListEntry(await addListEntry(db, merchantId, principal.actor, body)),
);
