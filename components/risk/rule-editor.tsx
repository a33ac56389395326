'use client';

import Link from 'next/link';
import { useId, useState, type FormEvent } from 'react';
import { useBacktestRule, useSaveRiskRule, type RiskRule, type RiskRuleBacktest, type RuleDraft } from '@/components/hooks/risk';
import { apiErrorMessage, fieldErrorOf } from '@/components/ui/api-error-message';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { SelectField, TextField } from '@/components/ui/field';
import { Notice } from '@/components/ui/states';

const actionOptions: { value: RiskRule['action']; label: string }[] = [
  { value: 'score', label: 'Add to the score' },
  { value: 'review', label: 'Hold for review' },
  { value: 'block', label: 'Block' },
];

/** "Syntax error at line 2, column 7: …": the API names the position in its message. */
export function expressionErrorPosition(message: string): { line: number; column: number } | null {
  const match = /at line (\d+), column (\d+)/.exec(message);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null;
}

/** The API's refusal of an expression, under the editor: the line it is about with a caret under the column. */
function ExpressionError({ id, expression, message }: { id: string; expression: string; message: string }) {
  const at = expressionErrorPosition(message);
  const line = at ? expression.split('\n')[at.line - 1] : undefined;
  return (
    <div id={id} role="alert" className="mt-1 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-xs text-rose-800">
      {at && line !== undefined && (
        <pre aria-hidden className="mb-1 overflow-x-auto font-mono text-[12px] leading-5 text-slate-800">
          {line}
          {'\n'}
          <span className="text-rose-600">{`${' '.repeat(at.column - 1)}^`}</span>
        </pre>
      )}
      <p>{message}</p>
    </div>
  );
}

function BacktestResult({ result }: { result: RiskRuleBacktest }) {
  const statuses = Object.entries(result.matched_by_status).filter(([, n]) => n > 0);
  return (
    <section aria-label="Backtest result" className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
      <p className="font-medium text-slate-900">
        Matched {result.matched} of the last {result.evaluated} payments ({(result.match_rate * 100).toFixed(1)}%)
        {result.errors > 0 && <span className="font-normal text-amber-700"> · {result.errors} could not be evaluated</span>}
      </p>
      {statuses.length > 0 ? (
        <ul aria-label="Matches by status" className="mt-2 flex flex-wrap gap-2">
          {statuses.map(([status, n]) => (
            <li key={status} className="flex items-center gap-1.5">
              <StatusBadge status={status} />
              <span className="tabular-nums text-slate-700">{n}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-slate-500">No recent payment would have matched.</p>
      )}
      {result.examples.length > 0 && (
        <p className="mt-2 text-xs text-slate-500">
          For example:{' '}
          {result.examples.slice(0, 5).map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <Link href={`/payments/${id}`} className="font-mono text-indigo-700 hover:underline">
                {id}
              </Link>
            </span>
          ))}
        </p>
      )}
    </section>
  );
}

/**
 * A new rule or a new version of one. The API checks the expression (syntax and types) on
 * backtest and on save, and says where it is wrong; nothing here second-guesses it.
 */
export function RuleEditor({ rule, onClose, onSaved }: { rule?: RiskRule; onClose: () => void; onSaved: (rule: RiskRule, created: boolean) => void }) {
  const save = useSaveRiskRule();
  const backtest = useBacktestRule();
  const [name, setName] = useState(rule?.name ?? '');
  const [expression, setExpression] = useState(rule?.expression ?? '');
  const [action, setAction] = useState<RiskRule['action']>(rule?.action ?? 'score');
  const [score, setScore] = useState(rule ? String(rule.score) : '0.3');
  const expressionId = useId();

  const draft = (): RuleDraft => ({ name, expression, action, ...(action === 'score' ? { score: Number(score) } : {}) });
  // The last call's refusal of the expression, whichever call made it.
  const lastError = save.error ?? backtest.error;
  const expressionError = fieldErrorOf(save.isPending ? null : lastError, 'expression');
  const otherError = save.error && !fieldErrorOf(save.error, 'expression') && !fieldErrorOf(save.error, 'name') && !fieldErrorOf(save.error, 'score') ? apiErrorMessage(save.error) : null;

  function runBacktest() {
    save.reset();
    const { expression: e, action: a, score: s } = draft();
    backtest.mutate({ expression: e, action: a, score: s });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    backtest.reset();
    // New rules start disabled: backtest, then enable from the list.
    save.mutate(rule ? { id: rule.id, ...draft() } : { ...draft(), enabled: false }, { onSuccess: (saved) => onSaved(saved, !rule) });
  }

  return (
    <Card title={rule ? `Edit ${rule.name} (a new version)` : 'New rule'}>
      <form onSubmit={submit} aria-label={rule ? 'Edit rule' : 'New rule'} className="space-y-4">
        <div className="grid grid-cols-[minmax(0,1fr)_12rem_8rem] items-start gap-3">
          <TextField label="Name" value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} error={fieldErrorOf(save.error, 'name')} />
          <SelectField label="When it matches" value={action} onChange={(e) => setAction(e.target.value as RiskRule['action'])} options={actionOptions} />
          {action === 'score' && (
            <TextField label="Score" type="number" step="0.05" min="0" max="1" value={score} onChange={(e) => setScore(e.target.value)} error={fieldErrorOf(save.error, 'score')} />
          )}
        </div>
        <div>
          <label htmlFor={expressionId} className="mb-1 block text-sm font-medium text-slate-700">
            Expression (CEL)
          </label>
          <textarea
            id={expressionId}
            value={expression}
            rows={3}
            spellCheck={false}
            onChange={(e) => setExpression(e.target.value)}
            aria-invalid={expressionError ? true : undefined}
            aria-describedby={expressionError ? `${expressionId}-error` : `${expressionId}-hint`}
            placeholder={'amount > 5000 && method == "crypto"'}
            className="block w-full rounded-md border-0 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-rose-500"
          />
          {expressionError ? (
            <ExpressionError id={`${expressionId}-error`} expression={expression} message={expressionError} />
          ) : (
            <p id={`${expressionId}-hint`} className="mt-1 text-xs text-slate-500">
              Variables include <code>amount</code>, <code>currency</code>, <code>method</code>, <code>ip_country</code>, <code>card_country</code>,{' '}
              <code>customer_payments_24h</code>, <code>card_customers_24h</code> and <code>customer_is_new</code> (the README lists them all).
            </p>
          )}
        </div>
        {backtest.data && !backtest.isPending && <BacktestResult result={backtest.data} />}
        {otherError && <Notice tone="error">{otherError}</Notice>}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="secondary" onClick={runBacktest} disabled={backtest.isPending || expression.trim() === ''}>
            {backtest.isPending ? 'Backtesting…' : 'Backtest'}
          </Button>
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : rule ? 'Save new version' : 'Create rule'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
