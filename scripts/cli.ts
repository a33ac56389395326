import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { getDb, transaction } from '@/db/client';
import { merchants } from '@/db/schema';
import { DomainError } from '@/lib/errors';
import { verifyLedger } from '@/lib/ledger/verify-ledger';
import { formatAmount } from '@/lib/money/money';
import { rebuildRollups } from '@/lib/rollups/payment-rollups';
import { releaseAvailableFunds } from '@/lib/settlement/balance-transactions';
import { runSettlement } from '@/lib/settlement/payouts';
import { createMerchant } from '@/lib/merchants/create-merchant';
import { createApiKey, revokeApiKey } from '@/lib/security/api-keys';

const USAGE = `Usage: npm run tillpoint -- <command>

  merchants create --name NAME [--email EMAIL --password PASSWORD] [--json]
  keys create --merchant MERCHANT_ID      (an owner key)
  keys revoke KEY_ID
  ledger verify [--merchant MERCHANT_ID]
  settle --date YYYY-MM-DD [--merchant MERCHANT_ID]
  rollups rebuild                         (recompute the payment rollups from the payments)

Honours DATABASE_URL (default file:./data/tillpoint.db).`;

class UsageError extends Error {}

function options<const T extends Record<string, { type: 'string' } | { type: 'boolean' }>>(args: string[], spec: T) {
  try {
    return parseArgs({ args, options: spec, allowPositionals: true, strict: true } as const);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function assertMerchantExists(id: string) {
  const [row] = await getDb().select({ id: merchants.id }).from(merchants).where(eq(merchants.id, id));
  if (!row) throw new UsageError(`No such merchant: ${id}`);
}

async function run(argv: string[]): Promise<number> {
  const [group, action, ...rest] = argv;
  const command = `${group ?? ''} ${action ?? ''}`.trim();
  switch (command) {
    case 'merchants create': {
      const { values } = options(rest, {
        name: { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        json: { type: 'boolean' },
      });
      if (!values.name) throw new UsageError('--name is required');
      if (Boolean(values.email) !== Boolean(values.password)) throw new UsageError('--email and --password go together');
      const owner = values.email ? { email: values.email, password: values.password! } : undefined;
      const created = await createMerchant(getDb(), { name: values.name, owner });
      if (values.json) {
        console.log(JSON.stringify({ merchant_id: created.merchantId, secret_key: created.secretKey, email: created.email }));
      } else {
        console.log(`Merchant created: ${created.merchantId}`);
        if (created.email) console.log(`Owner login:      ${created.email}`);
        console.log(`Secret API key:   ${created.secretKey}  (shown once; store it now)`);
      }
      return 0;
    }
    case 'keys create': {
      const { values } = options(rest, { merchant: { type: 'string' } });
      if (!values.merchant) throw new UsageError('--merchant is required');
      await assertMerchantExists(values.merchant);
      // Whoever runs the CLI has the server's database: the key acts as the owner.
      const { key, secret } = await createApiKey(getDb(), values.merchant, { role: 'owner' });
      console.log(`API key ${key.id} (role: owner) created: ${secret}  (shown once; store it now)`);
      return 0;
    }
    case 'keys revoke': {
      const { positionals } = options(rest, {});
      if (positionals.length !== 1) throw new UsageError('keys revoke takes exactly one KEY_ID');
      await revokeApiKey(getDb(), positionals[0]);
      console.log(`API key ${positionals[0]} revoked.`);
      return 0;
    }
    case 'ledger verify': {
      const { values } = options(rest, { merchant: { type: 'string' } });
      if (values.merchant) await assertMerchantExists(values.merchant);
      const problems = await verifyLedger(getDb(), values.merchant);
      if (problems.length === 0) {
        console.log('Ledger is sound: every transaction balances and every balance matches its postings.');
        return 0;
      }
      console.error(`Ledger has ${problems.length} problem(s):`);
      for (const p of problems) console.error(`  ${p.kind} ${p.id}: ${p.detail}`);
      return 1;
    }
    case 'rollups rebuild': {
      options(rest, {});
      const cells = await rebuildRollups(getDb());
      console.log(`Payment rollups rebuilt: ${cells} cells.`);
      return 0;
    }
    default:
      if (group === 'settle') return settle([action, ...rest].filter((a) => a !== undefined));
      throw new UsageError(command ? `Unknown command: ${command}` : 'No command given');
  }
}

/** Runs the daily settlement for a day: batches available funds into payouts. Idempotent. */
async function settle(args: string[]): Promise<number> {
  const { values } = options(args, { date: { type: 'string' }, merchant: { type: 'string' } });
  if (!values.date || !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError('--date YYYY-MM-DD is required');
  if (values.merchant) await assertMerchantExists(values.merchant);
  const db = getDb();
  // Funds due by the end of that day become available first, as the worker would have done.
  await transaction(db, (tx) => releaseAvailableFunds(tx, Date.parse(`${values.date}T23:59:59.999Z`)));
  const results = await runSettlement(db, values.date, { merchantId: values.merchant });
  for (const r of results) {
    const total = formatAmount(r.total, r.currency);
    const outcome = r.payoutId ? `payout ${r.payoutId}` : r.total < 0 ? 'negative balance carried forward' : 'nothing to pay out';
    console.log(`${r.merchantId} ${r.currency} ${r.date}: ${r.transactions} transactions, ${total} → ${outcome}${r.created ? '' : ' (already settled)'}`);
  }
  if (results.length === 0) console.log('No balances to settle.');
  return 0;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`Error: ${error.message}\n\n${USAGE}`);
    else if (error instanceof DomainError) console.error(`Error: ${error.message}`);
    else console.error(error);
    process.exit(2);
  },
);
