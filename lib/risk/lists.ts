import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { riskListEntries, riskListKinds, type RiskListKind } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { livemode, timestamp } from '@/lib/api-objects';

export type RiskListEntry = typeof riskListEntries.$inferSelect;

export const listEntryBody = z.strictObject({
  list: z.enum(['block', 'allow']),
  kind: z.enum(riskListKinds),
  value: z.string().trim().min(1).max(255),
  reason: z.string().max(500).optional(),
});

export const listEntriesQuery = z.strictObject({
  list: z.enum(['block', 'allow']).optional(),
  kind: z.enum(riskListKinds).optional(),
});

/** Emails match case-insensitively; everything else exactly. */
function normalize(kind: RiskListKind, value: string): string {
  return kind === 'email' ? value.trim().toLowerCase() : value.trim();
}

export async function addListEntry(db: Db, merchantId: string, actor: string, body: z.infer<typeof listEntryBody>, now = Date.now()) {
  const value = normalize(body.kind, body.value);
  return transaction(db, async (tx) => {
    const [existing] = await tx
      .select()
      .from(riskListEntries)
      .where(
        and(
          eq(riskListEntries.merchantId, merchantId),
          eq(riskListEntries.kind, body.kind),
          eq(riskListEntries.value, value),
        ),
      );
    if (existing) {
      throw new DomainError(
        'parameter_invalid',
        `${body.kind} '${value}' is already on the ${existing.list} list; remove it there first.`,
        { param: 'value' },
      );
    }
    const [entry] = await tx
      .insert(riskListEntries)
      .values({ id: newId('rle', now), merchantId, list: body.list, kind: body.kind, value, reason: body.reason ?? null, createdBy: actor, createdAt: now })
      .returning();
    return entry;
  });
}

export async function removeListEntry(db: Db, merchantId: string, id: string): Promise<void> {
  await transaction(db, async (tx) => {
    const removed = await tx
      .delete(riskListEntries)
      .where(and(eq(riskListEntries.id, id), eq(riskListEntries.merchantId, merchantId)))
      .returning({ id: riskListEntries.id });
    if (removed.length === 0) throw notFound('risk list entry', id);
  });
}

export async function listEntries(db: Db, merchantId: string, query: z.infer<typeof listEntriesQuery>) {
  const conditions = [eq(riskListEntries.merchantId, merchantId)];
  if (query.list) conditions.push(eq(riskListEntries.list, query.list));
  if (query.kind) conditions.push(eq(riskListEntries.kind, query.kind));
  return db.select().from(riskListEntries).where(and(...conditions)).orderBy(asc(riskListEntries.id));
}

export type ListSubject = Partial<Record<RiskListKind, string | null>>;

/** The block- and allow-list entries that match any of the payment's identifiers (one indexed query). */
export async function matchLists(db: Db, merchantId: string, subject: ListSubject) {
  const probes = riskListKinds
    .filter((kind) => subject[kind])
    .map((kind) => and(eq(riskListEntries.kind, kind), eq(riskListEntries.value, normalize(kind, subject[kind]!))));
  if (probes.length === 0) return { blocked: null, allowed: null };
  const hits = await db
    .select()
    .from(riskListEntries)
    .where(and(eq(riskListEntries.merchantId, merchantId), inArray(riskListEntries.list, ['block', 'allow']), or(...probes)));
  return { blocked: hits.find((h) => h.list === 'block') ?? null, allowed: hits.find((h) => h.list === 'allow') ?? null };
}

export const riskListEntryObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('risk_list_entry'),
    list: z.enum(['block', 'allow']),
    kind: z.enum(riskListKinds),
    value: z.string(),
    reason: z.string().nullable(),
    created_by: z.string(),
    created: timestamp,
    livemode,
  })
  .meta({
    id: 'RiskListEntry',
    description: 'A value on the block or allow list (customer, card fingerprint, email or IP).',
    examples: [
      { id: 'rle_01JDX6C0D1E2F3G4', object: 'risk_list_entry', list: 'block', kind: 'email', value: 'fraud@example.com', reason: 'chargebacks', created_by: 'owner@example.com', created: '2026-11-30T12:00:00.000Z', livemode: false },
    ],
  });

export function serializeListEntry(entry: RiskListEntry): z.infer<typeof riskListEntryObject> {
  return {
    id: entry.id,
    object: 'risk_list_entry' as const,
    list: entry.list,
    kind: entry.kind,
    value: entry.value,
    reason: entry.reason,
    created_by: entry.createdBy,
    created: new Date(entry.createdAt).toISOString(),
    livemode: false,
  };
}
