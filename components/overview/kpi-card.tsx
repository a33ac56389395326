import { useId, type ReactNode } from 'react';

/** One headline number; a named region so it can be found (and read) by its label. */
export function KpiCard({ label, value, detail }: { label: string; value: ReactNode; detail?: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm">
      <h2 id={id} className="text-sm font-medium text-slate-500">
        {label}
      </h2>
      <p className="mt-1.5 truncate text-2xl font-semibold tracking-tight tabular-nums text-slate-900">{value}</p>
      <p className="mt-1 truncate text-xs text-slate-500">{detail ?? ' '}</p>
    </section>
  );
}

export function KpiSkeleton({ label }: { label: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-5 py-4 shadow-sm" aria-hidden>
      <p className="text-sm font-medium text-slate-500">{label}</p>
      <div className="mt-2.5 h-6 w-28 animate-pulse rounded bg-slate-200" />
      <div className="mt-2.5 h-3 w-36 animate-pulse rounded bg-slate-100" />
    </div>
  );
}
