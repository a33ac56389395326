import { RiskConsole } from '@/components/risk/risk-console';
import { NoAccess } from '@/components/ui/no-access';
import { currentUser } from '@/lib/http/current-user';

export const metadata = { title: 'Risk · Tillpoint' };

export default async function RiskPage() {
  // The layout has already checked the session; this decides what the role may see.
  const user = await currentUser();
  if (!user?.permissions.includes('risk:manage')) {
    return (
      <NoAccess title="Risk">
        Risk rules, thresholds and lists are for owners and developers. Your role ({user?.role ?? 'unknown'}) can’t change them; ask an account owner if you need
        access.
      </NoAccess>
    );
  }
  return <RiskConsole />;
}
