'use client';

import { useState, type FormEvent } from 'react';
import { useAlertRules, useUpdateAlertRule, type AlertRule } from '@/components/hooks/alerts';
import { useCan } from '@/components/layout/current-user';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { apiErrorMessage } from '@/components/ui/api-error-message';
import { QueryState } from '@/components/ui/query-state';
import { Notice } from '@/components/ui/states';

const ruleText: Record<AlertRule['type'], { title: string; threshold: string; window?: string; attempts?: string }> = {
  high_failure_rate: { title: 'High failure rate', threshold: 'Failure rate above (0–1)', window: 'Window (minutes)', attempts: 'Minimum attempts' },
  large_transaction: { title: 'Large transaction', threshold: 'Single payment above (reference currency, USD unless set)' },
  review_backlog: { title: 'Review backlog', threshold: 'Open reviews at least', window: 'Or oldest waiting longer than (minutes)' },
  webhook_failures: { title: 'Webhook failures', threshold: 'Failed delivery attempts at least (0–1)', window: 'Window (minutes)', attempts: 'Minimum attempts' },
};

function RuleForm({ rule, editable }: { rule: AlertRule; editable: boolean }) {
  const update = useUpdateAlertRule();
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const text = ruleText[rule.type];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const number = (name: string) => (form.has(name) ? Number(form.get(name)) : undefined);
    update.mutate(
      { type: rule.type, enabled: form.get('enabled') === 'on', threshold: number('threshold'), window_minutes: number('window_minutes'), min_attempts: number('min_attempts') },
      {
        onSuccess: () => setResult({ tone: 'success', text: `${text.title} rule saved.` }),
        onError: (e) => setResult({ tone: 'error', text: apiErrorMessage(e, 'Could not save the rule.') }),
      },
    );
  }

  return (
    <form onSubmit={submit} aria-label={`${text.title} rule`} className="border-b border-slate-100 py-4 last:border-0">
      <div className="mb-3 flex items-center justify-between">
        <h3 className="text-sm font-semibold text-slate-900">{text.title}</h3>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="enabled" defaultChecked={rule.enabled} disabled={!editable} className="h-4 w-4 rounded border-slate-300" />
          Enabled
        </label>
      </div>
      <div className="grid grid-cols-3 gap-3">
        <TextField label={text.threshold} name="threshold" type="number" step="any" min="0" defaultValue={rule.threshold} disabled={!editable} />
        {text.window && <TextField label={text.window} name="window_minutes" type="number" min="1" defaultValue={rule.window_minutes} disabled={!editable} />}
        {text.attempts && <TextField label={text.attempts} name="min_attempts" type="number" min="1" defaultValue={rule.min_attempts} disabled={!editable} />}
      </div>
      {editable && (
        <div className="mt-3 flex items-center gap-3">
          <Button type="submit" size="sm" disabled={update.isPending}>
            Save
          </Button>
          {result && <Notice tone={result.tone}>{result.text}</Notice>}
        </div>
      )}
    </form>
  );
}

export function AlertRulesCard() {
  const rules = useAlertRules();
  const editable = useCan('alerts:configure');
  return (
    <Card title="Alert rules">
      <QueryState query={rules} loading="Loading…">
        {({ data }) => data.map((rule) => <RuleForm key={rule.type} rule={rule} editable={editable} />)}
      </QueryState>
    </Card>
  );
}
