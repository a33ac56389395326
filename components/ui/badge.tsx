import type { ReactNode } from 'react';

const tones = {
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  red: 'bg-rose-50 text-rose-700 ring-rose-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  blue: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  slate: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  violet: 'bg-violet-50 text-violet-700 ring-violet-600/20',
} as const;

export type Tone = keyof typeof tones;

/** The one colour map for statuses, shared by every list and detail page. */
export const statusTones: Record<string, Tone> = {
  success: 'green',
  succeeded: 'green',
  approved: 'green',
  failed: 'red',
  rejected: 'red',
  pending: 'amber',
  open: 'amber',
  processing: 'blue',
  requires_capture: 'violet',
  cancelled: 'slate',
  // Payouts and balance transactions.
  in_transit: 'blue',
  paid: 'green',
  available: 'green',
};

const statusLabels: Record<string, string> = { requires_capture: 'Uncaptured', success: 'Succeeded', pending: 'In review' };

export function Badge({ tone = 'slate', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <span className={`inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>
      {children}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const label = statusLabels[status] ?? status.charAt(0).toUpperCase() + status.slice(1).replace(/_/g, ' ');
  return <Badge tone={statusTones[status] ?? 'slate'}>{label}</Badge>;
}
