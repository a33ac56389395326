import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';

/** A column heading: its text, or its text with classes (`text-right` for amounts). */
export type Column = string | { label: ReactNode; className?: string };

/** The last column of rows with buttons: named for screen readers, blank on screen. */
export const actionsColumn: Column = { label: <span className="sr-only">Actions</span> };

/** A table with its headings; the children are its rows. */
export function Table({ label, columns, children }: { label: string; columns: Column[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table aria-label={label} className="min-w-full divide-y divide-slate-200 text-sm">
        <thead>
          <tr>
            {columns.map((column, i) =>
              typeof column === 'string' ? (
                <Th key={i}>{column}</Th>
              ) : (
                <Th key={i} className={column.className}>
                  {column.label}
                </Th>
              ),
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

function Th({ className = '', ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={`bg-slate-50 px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 ${className}`} {...props} />;
}

export function Td({ className = '', ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`whitespace-nowrap px-4 py-3 text-slate-700 ${className}`} {...props} />;
}
