import { eq } from 'drizzle-orm';
import { cookies } from 'next/headers';
import { getDb } from '@/db/client';
import { merchants } from '@/db/schema';
import { permissionsOf, type Permission, type Role } from '@/lib/security/permissions';
import { resolveSession, SESSION_COOKIE } from '@/lib/security/sessions';

export type CurrentUser = {
  email: string;
  role: Role;
  merchantName: string;
  permissions: Permission[];
};

/** The signed-in user for server components, or null (expired, forged, revoked, or user removed). */
export async function currentUser(): Promise<CurrentUser | null> {
  const db = getDb();
  const session = await resolveSession(db, (await cookies()).get(SESSION_COOKIE)?.value);
  if (!session) return null;
  const [merchant] = await db.select({ name: merchants.name }).from(merchants).where(eq(merchants.id, session.merchantId));
  return {
    email: session.email,
    role: session.role,
    merchantName: merchant?.name ?? '',
    permissions: permissionsOf(session.role),
  };
}
