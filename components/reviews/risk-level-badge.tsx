import { Badge, type Tone } from '@/components/ui/badge';

const levels: Record<string, { tone: Tone; label: string }> = {
  high: { tone: 'red', label: 'High risk' },
  elevated: { tone: 'amber', label: 'Elevated risk' },
  normal: { tone: 'green', label: 'Normal risk' },
};

export function RiskLevelBadge({ level }: { level: string }) {
  const { tone, label } = levels[level] ?? { tone: 'slate' as Tone, label: level };
  return <Badge tone={tone}>{label}</Badge>;
}

/** Scores are 0..1 on the API; two decimals is what the rules themselves use. */
export const formatScore = (score: number) => score.toFixed(2);
