'use client';

import { useId, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { useClipboard } from '@/components/ui/use-clipboard';

/** The new secret in a read-only field (selectable by hand) with a copy button beside it. */
export function SecretCopy({ secret, label = 'Secret key' }: { secret: string; label?: string }) {
  const id = useId();
  const { state, copy } = useClipboard(secret);
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          className="block h-9 w-full min-w-0 rounded-md border-0 bg-slate-50 px-2.5 py-2 font-mono text-xs text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600"
        />
        <Button variant="secondary" onClick={copy} className="shrink-0">
          {state === 'copied' ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <p aria-live="polite" className="mt-1 h-4 text-xs text-slate-500">
        {state === 'copied' ? 'Copied to the clipboard.' : state === 'failed' ? 'Could not copy: select it and copy it by hand.' : ''}
      </p>
    </div>
  );
}

/** The warning above a secret shown once (a new key, a webhook signing secret). */
export function OnlyOnceSecret({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      <p className="font-medium">{title}</p>
      <p className="mt-0.5">{children}</p>
    </div>
  );
}
