import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db/client';
import { serverInstances } from '@/db/schema';
import { log } from '@/lib/log';

// A heartbeat older than this means the process is gone (killed, frozen, or on a lost host).
export const HEARTBEAT_MS = 5_000;
export const INSTANCE_STALE_MS = 3 * HEARTBEAT_MS;

type Instance = typeof serverInstances.$inferSelect;

const host = hostname();
const thisInstance: Instance = {
  id: `inst_${process.pid}_${randomBytes(6).toString('hex')}`,
  host,
  pid: process.pid,
  startedAt: Date.now(),
  heartbeatAt: Date.now(),
};
const registered = new WeakMap<Db, Promise<void>>();

/**
 * This process's instance id, registered (once per database) with a heartbeat that other
 * processes read to tell whether work held by this process is still alive.
 */
export async function currentInstanceId(db: Db): Promise<string> {
  let ready = registered.get(db);
  if (!ready) {
    ready = register(db);
    registered.set(db, ready);
  }
  await ready;
  return thisInstance.id;
}

async function register(db: Db): Promise<void> {
  const now = Date.now();
  await transaction(db, (tx) => tx.insert(serverInstances).values({ ...thisInstance, heartbeatAt: now }).onConflictDoNothing());
  const timer = setInterval(() => {
    transaction(db, (tx) => tx.update(serverInstances).set({ heartbeatAt: Date.now() }).where(eq(serverInstances.id, thisInstance.id))).catch(
      (error) => log.warn({ err: error }, 'instance heartbeat failed'),
    );
  }, HEARTBEAT_MS);
  timer.unref();
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether another instance may still be running. On this host a gone pid answers at once (a
 * `kill -9` is seen immediately, not after a timeout); a pid equal to ours belongs to an
 * earlier life of a restarted container. Elsewhere only the heartbeat can tell.
 */
export async function isInstanceAlive(db: Db, id: string, now = Date.now()): Promise<boolean> {
  if (id === thisInstance.id) return true;
  const [other] = await db.select().from(serverInstances).where(eq(serverInstances.id, id));
  if (!other || other.heartbeatAt < now - INSTANCE_STALE_MS) return false;
  if (other.host === host && (other.pid === process.pid || !processExists(other.pid))) return false;
  return true;
}
