import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, transaction, type Db } from '@/db/client';
import { events } from '@/db/schema';
import { containsText, startsWithText } from '@/db/sql';
import { listEvents } from '@/lib/events/events';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { migratedDatabase, type TestDatabase } from './test-db';

/**
 * Text matching answers the same on SQLite and on PostgreSQL (this file runs on both, like the
 * rest of the API suite): LIKE alone would not (case-insensitive on one, not the other).
 */
describe('text matching, the same on either database', () => {
  let database: TestDatabase;
  let db: Db;
  let merchantId: string;

  beforeAll(async () => {
    database = await migratedDatabase('text');
    db = openDatabase(database.databaseUrl);
    ({ merchantId } = await createMerchant(db, { name: 'Text' }));
    const rows = ['payment.succeeded', 'PAYMENT.failed', 'Payment.created', 'refund.created', 'pay%ment.x', 'payXment.y'];
    await transaction(db, (tx) =>
      tx.insert(events).values(rows.map((type, i) => ({ id: `evt_text_${i}`, merchantId, type, object: {}, createdAt: Date.now() }))),
    );
  });

  afterAll(async () => {
    await closeDatabase(db);
    await database.remove();
  });

  const typesWhere = async (condition: ReturnType<typeof startsWithText>) =>
    (await db.select({ type: events.type }).from(events).where(condition)).map((r) => r.type).sort();

  it('matches a prefix case-sensitively, and the events list filters by one', async () => {
    expect(await typesWhere(startsWithText(events.type, 'payment.'))).toEqual(['payment.succeeded']);
    expect(await typesWhere(startsWithText(events.type, 'Payment.'))).toEqual(['Payment.created']);
    const listed = await listEvents(db, merchantId, { limit: 100, type: 'payment.*' });
    expect(listed.data.map((e) => e.type)).toEqual(['payment.succeeded']);
  });

  it('takes % and _ in a prefix literally', async () => {
    expect(await typesWhere(startsWithText(events.type, 'pay%'))).toEqual(['pay%ment.x']);
    expect(await typesWhere(startsWithText(events.type, 'pay_ment'))).toEqual([]);
  });

  it('finds contained text whatever its case, % and _ literally', async () => {
    expect(await typesWhere(containsText(events.type, 'MENT.CREA'))).toEqual(['Payment.created']);
    expect(await typesWhere(containsText(events.type, 'y%m'))).toEqual(['pay%ment.x']);
    expect(await typesWhere(containsText(events.type, 'y_m'))).toEqual([]);
  });
});
