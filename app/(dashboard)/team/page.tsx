import { NoAccess } from '@/components/ui/no-access';
import { TeamManager } from '@/components/team/team-manager';
import { currentUser } from '@/lib/http/current-user';

export default async function TeamPage() {
  const user = await currentUser();
  if (!user?.permissions.includes('team:manage')) {
    return (
      <NoAccess title="Team">
        Only account owners add, change and remove users. Your role ({user?.role ?? 'unknown'}) can’t manage the team.
      </NoAccess>
    );
  }
  return <TeamManager />;
}
