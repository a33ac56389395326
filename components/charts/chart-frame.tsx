import type { ReactNode } from 'react';

/**
 * The drawing area of a chart: a fixed height so nothing jumps while Recharts measures, and
 * role="img" with a written summary so a screen reader gets the gist instead of SVG paths.
 */
export function ChartFrame({ summary, height = 240, children }: { summary: string; height?: number; children: ReactNode }) {
  return (
    <div role="img" aria-label={summary} style={{ height }} className="w-full">
      {children}
    </div>
  );
}

export function ChartTooltip({ title, rows }: { title: string; rows: { label: string; value: string; color?: string }[] }) {
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-lg">
      <p className="mb-1 font-medium text-slate-900">{title}</p>
      {rows.map((r) => (
        <p key={r.label} className="flex items-center justify-between gap-4 text-slate-600">
          <span className="flex items-center gap-1.5">
            {r.color && <span className="h-2 w-2 rounded-full" style={{ backgroundColor: r.color }} aria-hidden />}
            {r.label}
          </span>
          <span className="font-medium tabular-nums text-slate-900">{r.value}</span>
        </p>
      ))}
    </div>
  );
}
