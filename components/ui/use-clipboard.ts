'use client';

import { useState } from 'react';

/** Copies `value` and remembers whether that worked, so the button can say so. */
export function useClipboard(value: string) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return { state, copy, reset: () => setState('idle') };
}
