import type { CustomRuleDetail } from './queries';

const iso = (ms: number) => new Date(ms).toISOString();

/** A rule as the API shows it: its current version's content, and every version where loaded. */
export function serializeCustomRule({ rule, version, versions }: CustomRuleDetail) {
  return {
    id: rule.id,
    object: 'risk_rule' as const,
    name: rule.name,
    expression: version.expression,
    action: version.action,
    score: version.score,
    enabled: rule.enabled,
    version: version.version,
    ...(versions && {
      versions: versions.map((v) => ({
        version: v.version,
        expression: v.expression,
        action: v.action,
        score: v.score,
        created: iso(v.createdAt),
        created_by: v.createdBy,
      })),
    }),
    created: iso(rule.createdAt),
    updated: iso(rule.updatedAt),
    livemode: false,
  };
}

export type SerializedCustomRule = ReturnType<typeof serializeCustomRule>;
