import type { Role } from '@/lib/security/permissions';

export const roleOptions: { value: Role; label: string; description: string }[] = [
  { value: 'owner', label: 'Owner', description: 'Everything, including the team and account settings.' },
  { value: 'developer', label: 'Developer', description: 'API keys, request log, risk rules and test payments.' },
  { value: 'support', label: 'Support', description: 'Payments, refunds, captures and the review queue.' },
  { value: 'viewer', label: 'Viewer', description: 'Read-only access to payments, reviews and the overview.' },
];

export const roleLabel = (role: string) => roleOptions.find((r) => r.value === role)?.label ?? role;
