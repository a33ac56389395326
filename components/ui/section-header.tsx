import type { ReactNode } from 'react';
import { Notice } from './states';

/** A page section's heading (named by `id`), what it holds, its buttons, and the last action's outcome. */
export function SectionHeader({
  id,
  title,
  description,
  actions,
  notice,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  notice?: { tone: 'success' | 'error'; message: string } | null;
}) {
  return (
    <>
      <div className="mb-3 flex items-end justify-between gap-6">
        <div className="min-w-0 max-w-2xl">
          <h2 id={id} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {description && <p className="mt-0.5 text-sm text-slate-500">{description}</p>}
        </div>
        {actions && <div className="flex shrink-0 gap-2">{actions}</div>}
      </div>
      {notice && (
        <div className="mb-3">
          <Notice tone={notice.tone}>{notice.message}</Notice>
        </div>
      )}
    </>
  );
}
