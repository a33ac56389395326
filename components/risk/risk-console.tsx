'use client';

import { PageHeader } from '@/components/ui/card';
import { ListsSection } from './lists-section';
import { RulesSection } from './rules-section';
import { ThresholdsCard } from './thresholds-card';

/** Everything the risk API offers: thresholds, custom rules with backtests and versions, block and allow lists. */
export function RiskConsole() {
  return (
    <>
      <PageHeader title="Risk" description="How payments are scored before a processor sees them, and what happens at each score." />
      <div className="space-y-8">
        <ThresholdsCard />
        <RulesSection />
        <ListsSection />
      </div>
    </>
  );
}
