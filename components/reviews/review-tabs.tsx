'use client';

import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { ReviewStatus } from '@/components/hooks/reviews';

export const reviewTabs: { id: ReviewStatus; label: string }[] = [
  { id: 'open', label: 'Open' },
  { id: 'approved', label: 'Approved' },
  { id: 'rejected', label: 'Rejected' },
];

export const tabId = (status: ReviewStatus) => `review-tab-${status}`;
export const PANEL_ID = 'review-panel';

/** WAI-ARIA tabs: arrow keys, Home and End move between them and select (automatic activation). */
export function ReviewTabs({ value, onChange, badges }: { value: ReviewStatus; onChange: (s: ReviewStatus) => void; badges?: Partial<Record<ReviewStatus, ReactNode>> }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent, index: number) {
    const last = reviewTabs.length - 1;
    const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    refs.current[next]?.focus();
    onChange(reviewTabs[next].id);
  }

  return (
    <div role="tablist" aria-label="Review status" className="flex gap-6 border-b border-slate-200">
      {reviewTabs.map((tab, index) => {
        const selected = tab.id === value;
        return (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={tabId(tab.id)}
            aria-selected={selected}
            aria-controls={PANEL_ID}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(tab.id)}
            onKeyDown={(e) => onKeyDown(e, index)}
            className={`-mb-px inline-flex items-center gap-2 border-b-2 px-1 pb-3 text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
              selected ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-700'
            }`}
          >
            {tab.label}
            {badges?.[tab.id]}
          </button>
        );
      })}
    </div>
  );
}
