'use client';

import { Fragment, useState } from 'react';
import { formatDateTime } from '@/components/dates';
import { useRiskRule, useRiskRules, useSaveRiskRule, type RiskRule } from '@/components/hooks/risk';
import { apiErrorMessage } from '@/components/ui/api-error-message';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { QueryState } from '@/components/ui/query-state';
import { SectionHeader } from '@/components/ui/section-header';
import { EmptyState } from '@/components/ui/states';
import { actionsColumn, Table, Td } from '@/components/ui/table';
import { RuleEditor } from './rule-editor';

type Notice = { tone: 'success' | 'error'; message: string };

export function actionLabel(rule: Pick<RiskRule, 'action' | 'score'>): string {
  if (rule.action === 'score') return `Score +${rule.score.toFixed(2)}`;
  return rule.action === 'review' ? 'Review' : 'Block';
}

/** Every version of one rule, newest first: who changed what, and when. */
function VersionHistory({ rule }: { rule: RiskRule }) {
  const detail = useRiskRule(rule.id);
  return (
    <QueryState query={detail} loading="Loading versions…">
      {({ versions }) => (
        <ol aria-label={`Versions of ${rule.name}`} className="space-y-2 py-1">
          {[...versions].reverse().map((v) => (
            <li key={v.version} className="grid grid-cols-[3rem_minmax(0,1fr)_8rem_14rem] items-baseline gap-3 text-xs">
              <span className="font-semibold text-slate-900">v{v.version}</span>
              <code className="truncate font-mono text-slate-800" title={v.expression}>
                {v.expression}
              </code>
              <span className="text-slate-600">{actionLabel(v)}</span>
              <span className="truncate text-slate-500">
                {formatDateTime(v.created)} · {v.created_by}
              </span>
            </li>
          ))}
        </ol>
      )}
    </QueryState>
  );
}

/** The merchant's own CEL rules: create, backtest, enable, edit (a new version each time), history. */
export function RulesSection() {
  const rules = useRiskRules();
  const toggle = useSaveRiskRule();
  const [editing, setEditing] = useState<{ rule?: RiskRule } | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const count = rules.data?.data.length;

  function setEnabled(rule: RiskRule, enabled: boolean) {
    setNotice(null);
    toggle.mutate(
      { id: rule.id, enabled },
      {
        onSuccess: () => setNotice({ tone: 'success', message: `${rule.name} is ${enabled ? 'enabled: it scores every new payment' : 'disabled'}.` }),
        onError: (error) => setNotice({ tone: 'error', message: `Couldn’t change ${rule.name}: ${apiErrorMessage(error)}` }),
      },
    );
  }

  return (
    <section aria-labelledby="risk-rules-heading" className="space-y-3">
      <SectionHeader
        id="risk-rules-heading"
        title={count === undefined ? 'Custom rules' : `Custom rules (${count})`}
        description="CEL expressions over each payment's features, checked alongside the built-in rules. New rules start disabled: backtest them first."
        actions={!editing && <Button onClick={() => setEditing({})}>New rule</Button>}
        notice={notice}
      />
      {editing && (
        <RuleEditor
          key={editing.rule?.id ?? 'new'}
          rule={editing.rule}
          onClose={() => setEditing(null)}
          onSaved={(rule, created) => {
            setEditing(null);
            setNotice({ tone: 'success', message: created ? `Created ${rule.name} (disabled). Enable it when the backtest looks right.` : `Saved ${rule.name} as version ${rule.version}.` });
          }}
        />
      )}
      <QueryState query={rules} loading="Loading rules…" empty={<EmptyState title="No custom rules yet">The built-in rules still score every payment.</EmptyState>}>
        {({ data }) => (
          <Table label="Custom rules" columns={['Name', 'Expression', 'Action', 'Status', actionsColumn]}>
            {data.map((rule) => {
              const pending = toggle.isPending && toggle.variables?.id === rule.id;
              return (
                <Fragment key={rule.id}>
                  <tr>
                    <Td className="max-w-[12rem] truncate font-medium text-slate-900" title={rule.name}>
                      {rule.name}
                    </Td>
                    <Td className="max-w-[18rem] truncate font-mono text-xs" title={rule.expression}>
                      {rule.expression}
                    </Td>
                    <Td>{actionLabel(rule)}</Td>
                    <Td>
                      <Badge tone={rule.enabled ? 'green' : 'slate'}>{rule.enabled ? 'Enabled' : 'Disabled'}</Badge>
                      <span className="ml-2 text-xs tabular-nums text-slate-500">v{rule.version}</span>
                    </Td>
                    <Td className="text-right">
                      <div className="flex justify-end gap-2">
                        <Button size="sm" variant="secondary" disabled={pending} onClick={() => setEnabled(rule, !rule.enabled)} aria-label={`${rule.enabled ? 'Disable' : 'Enable'} ${rule.name}`}>
                          {rule.enabled ? 'Disable' : 'Enable'}
                        </Button>
                        <Button size="sm" variant="secondary" onClick={() => setEditing({ rule })} aria-label={`Edit ${rule.name}`}>
                          Edit
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-expanded={history === rule.id}
                          onClick={() => setHistory(history === rule.id ? null : rule.id)}
                          aria-label={`History of ${rule.name}`}
                        >
                          History
                        </Button>
                      </div>
                    </Td>
                  </tr>
                  {history === rule.id && (
                    <tr>
                      <td colSpan={5} className="bg-slate-50 px-4 py-2">
                        <VersionHistory rule={rule} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </Table>
        )}
      </QueryState>
    </section>
  );
}
