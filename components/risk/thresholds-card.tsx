'use client';

import { useState, type FormEvent } from 'react';
import { useRiskSettings, useUpdateRiskSettings, type RiskSettings } from '@/components/hooks/risk';
import { fieldErrorOf, apiErrorMessage } from '@/components/ui/api-error-message';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { QueryState } from '@/components/ui/query-state';
import { Notice } from '@/components/ui/states';

/** The scores at which a payment is held for review and at which it is blocked. */
export function ThresholdsCard() {
  const settings = useRiskSettings();
  return (
    <Card title="Thresholds">
      <QueryState query={settings} loading="Loading thresholds…">
        {(current) => <ThresholdsForm current={current} />}
      </QueryState>
    </Card>
  );
}

/** A risk score: 0 to 1. */
const scoreInput = { type: 'number', step: '0.01', min: '0', max: '1' } as const;

function ThresholdsForm({ current }: { current: RiskSettings }) {
  const update = useUpdateRiskSettings();
  const [review, setReview] = useState(String(current.review_threshold));
  const [block, setBlock] = useState(String(current.block_threshold));
  const [saved, setSaved] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    update.mutate({ review_threshold: Number(review), block_threshold: Number(block) }, { onSuccess: () => setSaved(true) });
  }

  const unclaimed = update.error && !fieldErrorOf(update.error, 'review_threshold') && !fieldErrorOf(update.error, 'block_threshold');
  return (
    <form onSubmit={submit} className="space-y-4">
      <p className="text-sm text-slate-600">
        Every payment gets a risk score from 0 to 1. At or above the review threshold it waits in Reviews; at or above the block threshold it is refused.
      </p>
      <div className="grid max-w-md grid-cols-2 gap-4">
        <TextField
          label="Review at"
          {...scoreInput}
          value={review}
          onChange={(e) => setReview(e.target.value)}
          error={fieldErrorOf(update.error, 'review_threshold')}
        />
        <TextField
          label="Block at"
          {...scoreInput}
          value={block}
          onChange={(e) => setBlock(e.target.value)}
          error={fieldErrorOf(update.error, 'block_threshold')}
        />
      </div>
      {unclaimed && <Notice tone="error">{apiErrorMessage(update.error)}</Notice>}
      {saved && <Notice tone="success">Thresholds saved: review at {current.review_threshold}, block at {current.block_threshold}.</Notice>}
      <Button type="submit" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save thresholds'}
      </Button>
    </form>
  );
}
