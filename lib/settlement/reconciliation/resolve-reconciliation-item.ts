import { and, eq, isNull } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { reconciliationItems } from '@/db/schema';
import { DomainError, notFound } from '@/lib/errors';
import type { ReconciliationItem } from './queries';

export type ResolveReconciliationItemOptions = { merchantId: string; itemId: string; note: string; actor: string; now?: number };

/** Marks a break as resolved, once, keeping who, when and why. `matched` items are not breaks. */
export async function resolveReconciliationItem(db: Db, { merchantId, itemId, note, actor, now = Date.now() }: ResolveReconciliationItemOptions): Promise<ReconciliationItem> {
  const text = note.trim();
  if (text === '') throw new DomainError('parameter_missing', 'Missing required parameter: note (why the break is resolved).', { param: 'note' });
  return transaction(db, async (tx) => {
    const [item] = await tx
      .select()
      .from(reconciliationItems)
      .where(and(eq(reconciliationItems.id, itemId), eq(reconciliationItems.merchantId, merchantId)));
    if (!item) throw notFound('reconciliation item', itemId);
    if (item.result === 'matched') throw new DomainError('reconciliation_item_state_invalid', `Reconciliation item ${itemId} is matched: only breaks can be resolved.`);
    if (item.resolvedAt !== null) {
      throw new DomainError(
        'reconciliation_item_state_invalid',
        `Reconciliation item ${itemId} was already resolved by ${item.resolvedBy} at ${new Date(item.resolvedAt).toISOString()}.`,
      );
    }
    const [resolved] = await tx
      .update(reconciliationItems)
      .set({ resolvedBy: actor, resolvedAt: now, resolutionNote: text })
      .where(and(eq(reconciliationItems.id, itemId), isNull(reconciliationItems.resolvedAt)))
      .returning();
    return resolved;
  });
}
