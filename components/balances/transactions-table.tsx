import Link from 'next/link';
import { formatDate, formatDateTime } from '@/components/dates';
import { formatMoney } from '@/lib/money/money';

// Day and month only (the full time is the title): eight columns of money and ids fit 1280 px.
const shortDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });
import type { BalanceTransaction } from '@/components/hooks/balances';
import { Table, Td } from '@/components/ui/table';
import { MoneyStatusBadge, typeLabels } from './status';

const linkClass = 'font-mono text-xs text-indigo-600 hover:text-indigo-500 hover:underline';

/** Where a balance transaction came from: a payment opens on its page, a payout on its own. */
function SourceLink({ txn }: { txn: BalanceTransaction }) {
  if (txn.type === 'charge') {
    return (
      <Link href={`/payments/${txn.source}`} className={linkClass}>
        {txn.source}
      </Link>
    );
  }
  if (txn.type === 'payout' || (txn.type === 'adjustment' && txn.source.startsWith('po_'))) {
    return (
      <Link href={`/balances/payouts/${txn.source}`} className={linkClass}>
        {txn.source}
      </Link>
    );
  }
  return <span className="font-mono text-xs">{txn.source}</span>;
}

export function TransactionsTable({ label, transactions }: { label: string; transactions: BalanceTransaction[] }) {
  return (
    <Table label={label} columns={['Type', 'Source', { label: 'Amount', className: 'text-right' }, { label: 'Fee', className: 'text-right' }, { label: 'Net', className: 'text-right' }, 'Status', { label: 'Created', className: 'text-right' }]}>
      {transactions.map((txn) => (
        <tr key={txn.id}>
          <Td className="font-medium text-slate-900">{typeLabels[txn.type] ?? txn.type}</Td>
          <Td>
            <SourceLink txn={txn} />
            <span className="block max-w-48 truncate text-xs text-slate-500" title={txn.description}>
              {txn.description}
            </span>
          </Td>
          <Td className="text-right tabular-nums text-slate-900" title={`${txn.amount} ${txn.currency}`}>
            {formatMoney(txn.amount, txn.currency)}
          </Td>
          <Td className="text-right tabular-nums">{formatMoney(txn.fee, txn.currency)}</Td>
          <Td className="text-right font-medium tabular-nums text-slate-900">{formatMoney(txn.net, txn.currency)}</Td>
          <Td className="py-2">
            <MoneyStatusBadge status={txn.status} />
            {/* When the funds are (or were) available to pay out: beside the status it qualifies. */}
            <span className="block text-xs text-slate-500">
              from <time dateTime={txn.available_on} title={formatDate(txn.available_on)}>{shortDate.format(new Date(txn.available_on))}</time>
            </span>
          </Td>
          <Td className="text-right text-slate-600">
            <time dateTime={txn.created} title={formatDateTime(txn.created)}>
              {shortDate.format(new Date(txn.created))}
            </time>
          </Td>
        </tr>
      ))}
    </Table>
  );
}
