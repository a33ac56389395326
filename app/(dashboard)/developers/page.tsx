import { DevelopersConsole } from '@/components/developers/developers-console';
import { NoAccess } from '@/components/ui/no-access';
import { currentUser } from '@/lib/http/current-user';

export default async function DevelopersPage() {
  // The layout has already checked the session; this decides what the role may see.
  const user = await currentUser();
  if (!user?.permissions.includes('developers:manage')) {
    return (
      <NoAccess title="Developers">
        API keys and the request log are for owners and developers. Your role ({user?.role ?? 'unknown'}) can’t manage them; ask an account owner if
        you need access.
      </NoAccess>
    );
  }
  return <DevelopersConsole role={user.role} />;
}
