import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { transaction, type Db } from '@/db/client';
import { alerts, alertStatuses, alertTypes, type AlertType } from '@/db/schema';
import { livemode, timestamp } from '@/lib/api-objects';
import { DomainError, notFound } from '@/lib/errors';
import { newId } from '@/lib/ids';
import { log } from '@/lib/log';
import { emitEvent } from '@/lib/events/events';

export type Alert = typeof alerts.$inferSelect;

const live = inArray(alerts.status, ['open', 'acknowledged']);

/**
 * Opens an alert for a condition unless one is already live for it: a condition raises one
 * alert, however often it is seen, until that alert is resolved. Runs in the caller's transaction.
 */
export async function raiseAlert(
  tx: Db,
  args: { merchantId: string; type: AlertType; conditionKey: string; message: string; data: Record<string, unknown> },
  now: number,
): Promise<Alert | null> {
  const [existing] = await tx
    .select({ id: alerts.id })
    .from(alerts)
    .where(and(eq(alerts.merchantId, args.merchantId), eq(alerts.conditionKey, args.conditionKey), live));
  if (existing) return null;
  const [alert] = await tx
    .insert(alerts)
    .values({ id: newId('alert', now), ...args, status: 'open', openedAt: now })
    .returning();
  await emitEvent(tx, args.merchantId, 'alert.opened', serializeAlert(alert), now);
  log.warn({ merchant_id: args.merchantId, alert_id: alert.id, type: args.type }, args.message);
  return alert;
}

/** Resolves the live alert of a condition that has cleared (windowed rules only). */
export async function resolveAlert(tx: Db, merchantId: string, conditionKey: string, now: number): Promise<number> {
  const resolved = await tx
    .update(alerts)
    .set({ status: 'resolved', resolvedAt: now })
    .where(and(eq(alerts.merchantId, merchantId), eq(alerts.conditionKey, conditionKey), live))
    .returning({ id: alerts.id });
  return resolved.length;
}

export async function acknowledgeAlert(db: Db, merchantId: string, id: string, actor: string, now = Date.now()): Promise<Alert> {
  return transaction(db, async (tx) => {
    const [alert] = await tx.select().from(alerts).where(and(eq(alerts.id, id), eq(alerts.merchantId, merchantId)));
    if (!alert) throw notFound('alert', id);
    if (alert.status === 'resolved') throw new DomainError('alert_state_invalid', 'This alert is already resolved.');
    if (alert.status === 'acknowledged') return alert;
    const [updated] = await tx
      .update(alerts)
      .set({ status: 'acknowledged', acknowledgedBy: actor, acknowledgedAt: now })
      .where(eq(alerts.id, id))
      .returning();
    return updated;
  });
}

export const listAlertsQuery = z.strictObject({
  status: z.enum(alertStatuses).optional(),
  type: z.enum(alertTypes).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export async function listAlerts(db: Db, merchantId: string, query: z.infer<typeof listAlertsQuery>): Promise<Alert[]> {
  const conditions = [eq(alerts.merchantId, merchantId)];
  if (query.status) conditions.push(eq(alerts.status, query.status));
  if (query.type) conditions.push(eq(alerts.type, query.type));
  return db.select().from(alerts).where(and(...conditions)).orderBy(desc(alerts.id)).limit(query.limit);
}

export const alertObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('alert'),
    type: z.enum(alertTypes),
    status: z.enum(alertStatuses),
    message: z.string(),
    payment: z.string().nullable().describe('The payment the alert is about (large_transaction), for a link.'),
    data: z.record(z.string(), z.unknown()),
    opened: timestamp,
    acknowledged_by: z.string().nullable(),
    acknowledged: timestamp.nullable(),
    resolved: timestamp.nullable(),
    livemode,
  })
  .meta({
    id: 'Alert',
    description: 'A monitoring alert: open until its condition clears, acknowledged by a person.',
    examples: [
      {
        id: 'alert_01JDX4A0B1C2D3E4',
        object: 'alert',
        type: 'large_transaction',
        status: 'open',
        message: 'Payment of $60,000.00 is above the large-transaction threshold of $50,000',
        payment: 'pay_01JDX3R2A4B6C8D0',
        data: { payment: 'pay_01JDX3R2A4B6C8D0' },
        opened: '2026-11-30T12:00:00.000Z',
        acknowledged_by: null,
        acknowledged: null,
        resolved: null,
        livemode: false,
      },
    ],
  });

export function serializeAlert(alert: Alert): z.infer<typeof alertObject> {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: alert.id,
    object: 'alert' as const,
    type: alert.type,
    status: alert.status,
    message: alert.message,
    // The payment an alert is about, for a link (large_transaction); null for windowed rules.
    payment: typeof alert.data.payment === 'string' ? alert.data.payment : null,
    data: alert.data,
    opened: new Date(alert.openedAt).toISOString(),
    acknowledged_by: alert.acknowledgedBy,
    acknowledged: iso(alert.acknowledgedAt),
    resolved: iso(alert.resolvedAt),
    livemode: false,
  };
}
