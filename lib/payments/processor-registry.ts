import type { Db } from '@/db/client';
import type { PaymentMethod } from '@/db/schema';
import { createProcessors } from './processors';
import type { Processor } from './processors/types';

const registries = new WeakMap<Db, Record<PaymentMethod, Processor>>();

export function processorFor(db: Db, method: PaymentMethod): Processor {
  let registry = registries.get(db);
  if (!registry) {
    registry = createProcessors(db);
    registries.set(db, registry);
  }
  return registry[method];
}

/** Far enough that nothing settles by itself while a history is replayed: the replay settles each charge. */
const REPLAY_SETTLE_MS = 10 * 365 * 24 * 3600 * 1000;

/**
 * Replaying a history (the demo seed): until the returned release is called, the simulated
 * processors of `db` date their books by `clock`, the moment being replayed, instead of the
 * wall clock, and an async charge waits to be settled explicitly.
 */
export function replayProcessorsAt(db: Db, clock: () => number): () => void {
  registries.set(db, createProcessors(db, { now: clock, asyncSettleMs: REPLAY_SETTLE_MS }));
  return () => registries.delete(db);
}
