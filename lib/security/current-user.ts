import { eq } from 'drizzle-orm';
import { cookies } from 'next/headers';
import { getDb } from '@/db/client';
import { merchants, users } from '@/db/schema';
import { permissionsOf, type Permission, type Role } from './permissions';
import { readSessionToken, SESSION_COOKIE } from './sessions';

export type CurrentUser = {
  email: string;
  role: Role;
  merchantName: string;
  permissions: Permission[];
};

/** The signed-in user for server components, or null (expired, forged, or user removed). */
export async function currentUser(): Promise<CurrentUser | null> {
  const session = await readSessionToken((await cookies()).get(SESSION_COOKIE)?.value);
  if (!session) return null;
  const [row] = await getDb()
    .select({ email: users.email, role: users.role, merchantId: users.merchantId, merchantName: merchants.name })
    .from(users)
    .innerJoin(merchants, eq(merchants.id, users.merchantId))
    .where(eq(users.id, session.userId));
  if (!row || row.merchantId !== session.merchantId) return null;
  return {
    email: row.email,
    role: row.role,
    merchantName: row.merchantName,
    permissions: permissionsOf(row.role),
  };
}
